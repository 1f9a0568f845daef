import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import {
  discoveryUrl,
  duplicateDomain,
  issuerAllowed,
  issuerMatches,
  microsoftConsumerTenant,
  ruleForDomain,
  ruleForIssuer,
  ruleSchema,
  tenantAllowed,
} from '../../../src/federation/rule.js';
import type { FederationRule } from '../../../src/federation/rule.js';
import { validate } from '../../../src/http/validate.js';

const rule = (id: string, domains: string[]) => ({
  id,
  domains,
  issuer: `https://${id}.example`,
  clientId: 'c',
  clientSecret: 's',
});

const contoso = '6f1b1e0e-2b1c-4a8e-9f57-1c2d3e4f5a6b';
const fabrikam = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';

/** a rule as the admin API parses it (not production, no secret required) */
const parse = (input: object) => ruleSchema(false, false).parse(input);

/** the 400 description the admin API would answer for a rules body */
function refusal(input: object, options = { production: false, deployment: false }): string {
  try {
    validate(z.array(ruleSchema(options.production, options.deployment)), [input]);
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
}

describe('federation rules', () => {
  it('only https issuers are accepted in production; http only on loopback outside it', () => {
    expect(issuerAllowed('https://accounts.google.com', true)).toBe(true);
    expect(issuerAllowed('http://127.0.0.1:4000', true)).toBe(false);
    expect(issuerAllowed('http://127.0.0.1:4000', false)).toBe(true);
    expect(issuerAllowed('http://localhost:4000', false)).toBe(true);
    expect(issuerAllowed('http://idp.example', false)).toBe(false);
    expect(issuerAllowed('https://idp.example/?x=1', false)).toBe(false);
    expect(issuerAllowed('javascript:alert(1)', false)).toBe(false);
    expect(issuerAllowed(' https://idp.example', false)).toBe(false);
  });

  it("a tenant's rule for a domain wins over the deployment's", () => {
    const tenant = [rule('own', ['gmail.com'])];
    const deployment = [rule('google', ['gmail.com', 'googlemail.com'])];
    expect(ruleForDomain('gmail.com', tenant, deployment)).toMatchObject({
      source: 'tenant',
      rule: { id: 'own' },
    });
    expect(ruleForDomain('googlemail.com', tenant, deployment)).toMatchObject({
      source: 'deployment',
      rule: { id: 'google' },
    });
    expect(ruleForDomain('example.com', tenant, deployment)).toBeUndefined();
  });

  it('a domain belongs to at most one rule', () => {
    expect(duplicateDomain([rule('a', ['x.example']), rule('b', ['y.example'])])).toBeUndefined();
    expect(duplicateDomain([rule('a', ['x.example']), rule('b', ['x.example'])])).toBe('x.example');
  });
});

describe('exact issuers', () => {
  it.each([
    ['https://tenant.auth0.com/', 'https://tenant.auth0.com/.well-known/openid-configuration'],
    ['https://acme.okta.com', 'https://acme.okta.com/.well-known/openid-configuration'],
    [
      'https://sso.partner.example/realms/staff',
      'https://sso.partner.example/realms/staff/.well-known/openid-configuration',
    ],
  ])('%s is kept as written; its metadata is at %s', (issuer, metadata) => {
    const parsed = parse({ id: 'x', domains: ['x.example'], issuer, clientId: 'c' });
    expect(parsed.issuer).toBe(issuer);
    expect(discoveryUrl(parsed)).toBe(metadata);
  });

  it('an issuer matches only itself: a trailing slash is a different issuer', () => {
    const auth0 = parse({
      id: 'x',
      domains: ['x.example'],
      issuer: 'https://t.auth0.com/',
      clientId: 'c',
    });
    expect(issuerMatches(auth0, 'https://t.auth0.com/')).toBe(true);
    expect(issuerMatches(auth0, 'https://t.auth0.com')).toBe(false);
  });
});

describe('ready-made types fill in the issuer and where its metadata is', () => {
  it.each<[string, object, Partial<FederationRule>]>([
    [
      'entra with one partner tenant: that tenant exactly',
      { type: 'entra', tenant: contoso.toUpperCase() },
      {
        type: 'entra',
        tenant: contoso,
        issuer: `https://login.microsoftonline.com/${contoso}/v2.0`,
        discovery: `https://login.microsoftonline.com/${contoso}/v2.0/.well-known/openid-configuration`,
      },
    ],
    [
      'entra organizations: the template, the organizations metadata, an allow-list',
      { type: 'entra', tenant: 'organizations', tenants: [fabrikam.toUpperCase()] },
      {
        tenant: 'organizations',
        tenants: [fabrikam],
        issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
        discovery:
          'https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration',
      },
    ],
    [
      'entra common in a national cloud',
      { type: 'entra', tenant: 'common', instance: 'https://login.microsoftonline.us/' },
      {
        instance: 'https://login.microsoftonline.us',
        issuer: 'https://login.microsoftonline.us/{tenantid}/v2.0',
        discovery: 'https://login.microsoftonline.us/common/v2.0/.well-known/openid-configuration',
      },
    ],
    [
      'google: accounts.google.com',
      { type: 'google', hostedDomain: 'Partner.Example' },
      { type: 'google', issuer: 'https://accounts.google.com', hostedDomain: 'partner.example' },
    ],
    [
      'a templated issuer of any provider, with its metadata URL',
      {
        issuer: 'https://idp.example/{tenantid}/oidc',
        discovery: 'https://idp.example/common/.well-known/openid-configuration',
        tenants: ['t1'],
      },
      { issuer: 'https://idp.example/{tenantid}/oidc', tenants: ['t1'] },
    ],
  ])('%s', (_case, fields, expected) => {
    const parsed = parse({ id: 'x', domains: ['x.example'], clientId: 'c', ...fields });
    expect(parsed).toMatchObject(expected);
    expect(parsed).not.toHaveProperty('clientSecret');
  });
});

describe('templated issuers', () => {
  const organizations = parse({
    id: 'entra',
    type: 'entra',
    tenant: 'organizations',
    domains: ['contoso.example'],
    clientId: 'c',
  }) as FederationRule;
  const partners = { ...organizations, tenants: [contoso] };
  const common = { ...organizations, tenant: 'common' };

  it.each<[string, FederationRule, string, boolean]>([
    ['any organization', organizations, `https://login.microsoftonline.com/${fabrikam}/v2.0`, true],
    ['an allowed partner', partners, `https://login.microsoftonline.com/${contoso}/v2.0`, true],
    [
      'a tenant not on the allow-list',
      partners,
      `https://login.microsoftonline.com/${fabrikam}/v2.0`,
      false,
    ],
    [
      'the template itself',
      organizations,
      'https://login.microsoftonline.com/{tenantid}/v2.0',
      false,
    ],
    ['another host', organizations, `https://login.microsoftonline.us/${contoso}/v2.0`, false],
    [
      'a path in place of a tenant',
      organizations,
      'https://login.microsoftonline.com/a/b/v2.0',
      false,
    ],
    [
      'personal accounts through organizations',
      organizations,
      `https://login.microsoftonline.com/${microsoftConsumerTenant}/v2.0`,
      false,
    ],
    [
      'personal accounts through common',
      common,
      `https://login.microsoftonline.com/${microsoftConsumerTenant}/v2.0`,
      true,
    ],
  ])('%s: %s', (_case, r, issuer, matches) => {
    expect(issuerMatches(r, issuer)).toBe(matches);
  });

  it('a sticky guest finds the templated rule by their own tenant’s issuer', () => {
    const issuer = `https://login.microsoftonline.com/${contoso}/v2.0`;
    expect(ruleForIssuer(issuer, [partners], [])).toMatchObject({
      source: 'tenant',
      rule: { id: 'entra' },
    });
    expect(
      ruleForIssuer(`https://login.microsoftonline.com/${fabrikam}/v2.0`, [partners], []),
    ).toBeUndefined();
  });

  it('the allow-list of an entra rule ignores the case of tenant ids', () => {
    expect(tenantAllowed(partners, contoso.toUpperCase())).toBe(true);
  });
});

describe('bad rules are refused naming the field', () => {
  const base = { id: 'x', domains: ['x.example'], clientId: 'c', clientSecret: 's' };
  it.each<[string, object, string]>([
    [
      'a second placeholder',
      { issuer: 'https://idp.example/{tenantid}/{tenantid}' },
      '[0].issuer: {tenantid} may appear once',
    ],
    [
      'another placeholder',
      { issuer: 'https://idp.example/{tenant}/v2.0' },
      '[0].issuer: the only placeholder an issuer takes is {tenantid}',
    ],
    [
      'a placeholder in the host',
      {
        issuer: 'https://{tenantid}.idp.example',
        discovery: 'https://idp.example/.well-known/openid-configuration',
      },
      '[0].issuer: {tenantid} may appear only in the path',
    ],
    [
      'a template without its metadata URL',
      { issuer: 'https://idp.example/{tenantid}' },
      '[0].discovery: required with {tenantid}',
    ],
    [
      'an allow-list without a template',
      { issuer: 'https://idp.example', tenants: ['a'] },
      '[0].tenants: only with an issuer template ({tenantid})',
    ],
    [
      'a tenant id with a slash',
      {
        issuer: 'https://idp.example/{tenantid}',
        discovery: 'https://idp.example/.well-known/openid-configuration',
        tenants: ['a/b'],
      },
      '[0].tenants[0]: each must be a tenant id',
    ],
    [
      'an unknown type',
      { type: 'saml', issuer: 'https://idp.example' },
      '[0].type: must be "oidc", "entra" or "google"',
    ],
    ['an oidc rule without issuer', {}, '[0].issuer: required, the upstream issuer URL'],
    [
      'an entra rule without tenant',
      { type: 'entra' },
      '[0].tenant: required: a tenant id (a GUID), "organizations" or "common"',
    ],
    [
      'an entra tenant by domain name',
      { type: 'entra', tenant: 'contoso.onmicrosoft.com' },
      '[0].tenant: must be a tenant id (a GUID), "organizations" or "common"',
    ],
    [
      'an entra rule with an issuer',
      { type: 'entra', tenant: 'common', issuer: 'https://idp.example' },
      '[0].issuer: only for type "oidc" or "google"',
    ],
    [
      'an allow-list beside one tenant',
      { type: 'entra', tenant: contoso, tenants: [fabrikam] },
      '[0].tenants: only with tenant "organizations" or "common"',
    ],
    [
      'an entra allow-list of names',
      { type: 'entra', tenant: 'organizations', tenants: ['contoso'] },
      '[0].tenants: each must be a tenant id (a GUID)',
    ],
    [
      'an instance with a path',
      { type: 'entra', tenant: 'common', instance: 'https://login.example/x' },
      '[0].instance: must be an origin like https://login.microsoftonline.com',
    ],
    [
      'a hosted domain on an oidc rule',
      { issuer: 'https://idp.example', hostedDomain: 'x.example' },
      '[0].hostedDomain: only for type "google"',
    ],
    [
      'a secret beside private_key_jwt',
      { issuer: 'https://idp.example', clientAuth: 'private_key_jwt' },
      '[0].clientSecret: not used with clientAuth "private_key_jwt"',
    ],
    [
      'an audience without private_key_jwt',
      { issuer: 'https://idp.example', assertionAudience: 'issuer' },
      '[0].assertionAudience: only with clientAuth "private_key_jwt"',
    ],
    [
      'an unknown client authentication',
      { issuer: 'https://idp.example', clientAuth: 'tls' },
      '[0].clientAuth: must be "client_secret" or "private_key_jwt"',
    ],
  ])('%s', (_case, fields, message) => {
    expect(refusal({ ...base, ...fields })).toContain(message);
  });

  it('a deployment rule needs a secret: private_key_jwt keys live with a tenant', () => {
    const { clientSecret: _, ...noSecret } = base;
    expect(
      refusal(
        { ...noSecret, issuer: 'https://idp.example', clientAuth: 'private_key_jwt' },
        { production: false, deployment: true },
      ),
    ).toContain("[0].clientAuth: private_key_jwt is for a tenant's own rules");
    expect(
      refusal({ ...noSecret, type: 'google' }, { production: false, deployment: true }),
    ).toContain('[0].clientSecret: required, a string');
  });

  it('production takes only https for the Entra instance too', () => {
    expect(
      refusal(
        { ...base, type: 'entra', tenant: 'common', instance: 'http://127.0.0.1:4000' },
        { production: true, deployment: false },
      ),
    ).toContain('[0].instance: must be an https URL');
  });
});

describe("the README's worked rules", () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Federation'), readme.indexOf('## Admin API'));
  const block = /```jsonc\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const rules = block
    .split(/\n\s*\n/)
    .map((chunk) => chunk.replace(/^\/\/.*$/gm, '').trim())
    .filter(Boolean)
    .map((json) => JSON.parse(json) as { id: string });

  it('shows Entra ID (one tenant, all organizations), Google, Auth0, Okta and Keycloak', () => {
    expect(rules.map((r) => r.id)).toEqual([
      'contoso',
      'entra',
      'google',
      'tailspin',
      'litware',
      'adatum',
    ]);
  });

  it.each<[string, object]>(rules.map((r) => [r.id, r]))('%s is a valid rule', (_id, r) => {
    expect(refusal(r, { production: true, deployment: false })).toBe('accepted');
  });
});
