import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { freePort } from '../support/free-port.js';
import { cliFor } from '../support/run-cli.js';
import type { CliResult, RunOptions } from '../support/run-cli.js';
import { startSamlIdp } from '../support/saml-idp.js';
import type { SamlIdp } from '../support/saml-idp.js';
import { uniqueId } from '../support/shared-state.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

// the CLI test spawns the real CLI (about a second); the timeout test waits 5 s
jest.setTimeout(60_000);

let t: TestApp;
let idp: SamlIdp;
/** metadata servers that misbehave: one never answers, one answers too much */
let slow: Server;
let huge: Server;
let slowUrl: string;
let hugeUrl: string;
/** this tree's CLI (through tsx, whatever dist/ holds) */
let cli: (args: readonly string[], options?: RunOptions) => Promise<CliResult>;

beforeAll(async () => {
  t = await startTestApp();
  idp = await startSamlIdp({ nameId: 'n', email: 'n@partner.example' });
  cli = cliFor(t.url, t.adminToken);
  slow = createServer(() => undefined); // never answers
  huge = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(`<md:EntityDescriptor>${'<x/>'.repeat(200_000)}</md:EntityDescriptor>`);
  });
  const [p1, p2] = [await freePort(), await freePort()];
  await new Promise<void>((r) => slow.listen(p1, '127.0.0.1', r));
  await new Promise<void>((r) => huge.listen(p2, '127.0.0.1', r));
  slowUrl = `http://127.0.0.1:${p1}/metadata`;
  hugeUrl = `http://127.0.0.1:${p2}/metadata`;
});
afterAll(async () => {
  slow.closeAllConnections();
  await new Promise((r) => slow.close(r));
  await new Promise((r) => huge.close(r));
  await idp.stop();
  await t.close();
});

async function newTenant(): Promise<string> {
  const id = uniqueId('northwind');
  expect((await t.admin('POST', '/tenants', { id, displayName: 'Northwind' })).status).toBe(201);
  return id;
}

const put = async (tenant: string, rules: unknown) =>
  t.admin('PUT', `/tenants/${tenant}/federation`, rules);

const saml = (extra: Record<string, unknown>) => ({
  id: 'partner-saml',
  type: 'saml',
  domains: ['partner.example'],
  ...extra,
});

describe('SAML rules through the admin API', () => {
  it.each<[string, () => unknown[], string]>([
    [
      'neither metadataXml nor metadataUrl',
      () => [saml({})],
      '[0].metadataXml: give exactly one of metadataXml and metadataUrl',
    ],
    [
      'both metadataXml and metadataUrl',
      () => [saml({ metadataXml: idp.metadata(), metadataUrl: idp.metadataUrl })],
      '[0].metadataXml: give exactly one of metadataXml and metadataUrl',
    ],
    [
      'metadata that is not XML',
      () => [saml({ metadataXml: 'not xml at all' })],
      '[0].metadataXml: ',
    ],
    [
      'metadata without a signing certificate',
      () => [
        saml({
          metadataXml: idp.metadata().replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, ''),
        }),
      ],
      '[0].metadataXml: no signing certificate',
    ],
    [
      'metadata of a service provider, not an IdP',
      () => [
        saml({ metadataXml: idp.metadata().replaceAll('IDPSSODescriptor', 'SPSSODescriptor') }),
      ],
      '[0].metadataXml: the metadata must have one IDPSSODescriptor',
    ],
    [
      'an unknown field (the SAML schema is strict)',
      () => [saml({ metadataUrl: idp.metadataUrl, issuer: 'https://x.example' })],
      '[0]: ',
    ],
    [
      'a metadata URL that is not https (outside loopback)',
      () => [saml({ metadataUrl: 'http://idp.partner.example/metadata' })],
      '[0].metadataUrl: must be an https URL',
    ],
    [
      'the same domain in a SAML and an OpenID rule',
      () => [
        {
          id: 'oidc',
          domains: ['partner.example'],
          issuer: 'https://idp.example',
          clientId: 'c',
          clientSecret: 's',
        },
        saml({ metadataUrl: idp.metadataUrl }),
      ],
      'domains: partner.example is in more than one rule',
    ],
    [
      'an error in the second rule is named at its place',
      () => [
        saml({ metadataUrl: idp.metadataUrl }),
        {
          id: 'oidc',
          domains: ['other.example'],
          issuer: 'ftp://idp.example',
          clientId: 'c',
          clientSecret: 's',
        },
      ],
      '[1].issuer: must be an https URL',
    ],
  ])('refuses %s (400, nothing saved)', async (_name, rules, message) => {
    const tenant = await newTenant();
    const response = await put(tenant, rules());
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain(message.replace(/"/g, '\\"'));
    expect((await t.admin('GET', `/tenants/${tenant}/federation`)).body).toEqual([]);
  });

  it('a metadata URL that does not answer in time is refused (timeout), and one too large (size limit)', async () => {
    const tenant = await newTenant();
    const timedOut = await put(tenant, [saml({ metadataUrl: slowUrl })]);
    expect(timedOut.status).toBe(400);
    expect(JSON.stringify(timedOut.body)).toContain('[0].metadataUrl: could not fetch');
    expect(JSON.stringify(timedOut.body)).toContain('no answer within 5000 ms');
    const tooLarge = await put(tenant, [saml({ metadataUrl: hugeUrl })]);
    expect(tooLarge.status).toBe(400);
    expect(JSON.stringify(tooLarge.body)).toContain('[0].metadataUrl: the metadata is larger than');
  });

  it('the email attribute is kept, and both signing certificates of the metadata with their expiry', async () => {
    const tenant = await newTenant();
    const attribute = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';
    const saved = await put(tenant, [
      saml({ metadataUrl: idp.metadataUrl, emailAttribute: attribute }),
    ]);
    expect(saved.status).toBe(200);
    expect(saved.body[0]).toMatchObject({
      emailAttribute: attribute,
      idp: { entityId: idp.entityId },
    });
    expect(saved.body[0].idp.certificates).toEqual([
      { certificate: idp.keys[0].certificate, notAfter: expect.any(String) },
      { certificate: idp.keys[1].certificate, notAfter: expect.any(String) },
    ]);
  });

  it('resolve explains a SAML rule', async () => {
    const tenant = await newTenant();
    expect((await put(tenant, [saml({ metadataUrl: idp.metadataUrl })])).status).toBe(200);
    const explained = await t.admin(
      'GET',
      `/tenants/${tenant}/federation/resolve?email=ann@partner.example`,
    );
    expect(explained.body).toMatchObject({
      method: 'saml',
      reason: 'rule partner-saml (SAML): domain partner.example',
      rule: { id: 'partner-saml', type: 'saml', entityId: idp.entityId },
    });
  });
});

describe('SAML rules through the CLI', () => {
  it('federation set takes a SAML rule and says what to register at the IdP; show lists it', async () => {
    const tenant = await newTenant();
    const set = await cli(['federation', 'set', tenant, '--file', '-'], {
      input: JSON.stringify([saml({ metadataUrl: idp.metadataUrl })]),
      source: true,
    });
    expect({ code: set.code, stderr: set.stderr }).toEqual({ code: 0, stderr: '' });
    expect(set.stdout).toContain(`Saved 1 federation rule(s) for ${tenant}.`);
    expect(set.stdout).toContain(`import ${t.url}/${tenant}/saml/metadata`);
    const shown = await cli(['federation', 'show', tenant], { source: true });
    expect(shown.stdout).toMatch(
      new RegExp(
        `^partner-saml\\s+saml\\s+partner\\.example\\s+${idp.entityId.replace(/[.]/g, '\\.')}\\s+`,
        'm',
      ),
    );
    expect(shown.stdout).toContain(`${t.url}/${tenant}/saml/acs`);
    // a SAML rule has no client key: federation key points at the SP metadata instead
    const key = await cli(['federation', 'key', tenant, 'partner-saml'], { source: true });
    expect(key.code).not.toBe(0);
    expect(key.stderr).toContain(
      `is a SAML rule: the IdP imports ${t.url}/${tenant}/saml/metadata`,
    );
  });
});
