import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { startEntraIdp } from '../support/entra-idp.js';
import type { EntraAccount, EntraIdp } from '../support/entra-idp.js';
import {
  federatedSignIn,
  registerTenantClient,
  signsInFederated,
} from '../support/federation-sign-in.js';
import type { ClientRegistry } from '../support/federation-sign-in.js';
import { invite, relyingParty, startJourneyWorld } from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { heading } from '../support/http-browser.js';
import { cliFor } from '../support/run-cli.js';
import type { RunOptions } from '../support/run-cli.js';
import { uniqueId } from '../support/shared-state.js';
import { startUpstreamIdp } from '../support/upstream-idp.js';
import type { UpstreamAccount, UpstreamIdp } from '../support/upstream-idp.js';

/**
 * Stand-ins for the identity providers partners use, each a real node-oidc-provider on
 * loopback with that provider's issuer, metadata and token shape, and a Guestpass that signs
 * guests in through them over real HTTP.
 */
const contoso = '6f1b1e0e-2b1c-4a8e-9f57-1c2d3e4f5a6b';
const fabrikam = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';
const outsider = '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';

let world: JourneyWorld;
/** Auth0: the issuer ends in a slash; private_key_jwt assertions are for the issuer */
let auth0: UpstreamIdp;
/** Microsoft Entra ID: three tenants behind the organizations and common endpoints */
let entra: EntraIdp;
/** Google: Workspace accounts carry hd; client secrets only */
let google: UpstreamIdp;
/** an IdP whose ID token has no email: it is at userinfo */
let userinfoOnly: UpstreamIdp;

beforeAll(async () => {
  [world, auth0, entra, google, userinfoOnly] = await Promise.all([
    startJourneyWorld(),
    startUpstreamIdp({ issuerPath: '/', assertionAudience: 'issuer' }),
    startEntraIdp({ tenants: [contoso, fabrikam, outsider], accounts: [] }),
    startUpstreamIdp({ secretsOnly: true }),
    startUpstreamIdp({ emailIn: 'userinfo' }),
  ]);
});
afterAll(async () => {
  await Promise.all([
    auth0.stop(),
    entra.stop(),
    google.stop(),
    userinfoOnly.stop(),
    world.close(),
  ]);
});

/** The calling test's own tenant (its guests, rules and log are its alone) and its RP. */
async function newTenant(): Promise<{ tenant: string; rp: RelyingParty }> {
  const tenant = uniqueId('partnerco');
  const rp = await relyingParty(world.t, tenant, { displayName: 'Partnerco' });
  return { tenant, rp };
}

const setRules = (tenant: string, rules: object[]) =>
  world.t.admin('PUT', `/tenants/${tenant}/federation`, rules);

/** a rule with the tenant's client at `idp`, registered there with our callback */
function withClient(tenant: string, idp: ClientRegistry, rule: object) {
  return { ...registerTenantClient(world.t, tenant, idp), ...rule };
}

const guestOf = async (tenant: string, id: string) =>
  (await world.t.admin('GET', `/tenants/${tenant}/guests/${id}`)).body;

/** An upstream account of the calling test's own, with an address at `domain`. */
function account(idp: UpstreamIdp, domain: string, extra: Partial<UpstreamAccount> = {}) {
  const sub = uniqueId('sub');
  const email = `${uniqueId('guest')}@${domain}`;
  const created: UpstreamAccount = { sub, email, email_verified: true, ...extra };
  idp.accounts.set(sub, created);
  return created;
}

function entraAccount(tid: string, domain: string, extra: Partial<EntraAccount> = {}) {
  const created: EntraAccount = {
    sub: uniqueId('entra-sub'),
    tid,
    email: `${uniqueId('guest')}@${domain}`,
    xms_edov: true,
    ...extra,
  };
  entra.accounts.set(created.sub, created);
  return created;
}

/** A refused first redemption: the page, the reason in the sign-in log, nothing redeemed. */
async function refused(tenant: string, rp: RelyingParty, email: string, reason: string) {
  const invitation = await invite(world.t, tenant, email);
  const { page } = await federatedSignIn(rp, email);
  expect({ status: page.status, heading: heading(page) }).toEqual({
    status: 403,
    heading: 'Sign-in did not work',
  });
  expect(await guestOf(tenant, invitation.guest.id)).toMatchObject({
    state: 'pendingAcceptance',
    authMethod: null,
  });
  const log = await world.t.admin('GET', `/tenants/${tenant}/sign-ins?limit=50`);
  expect(log.body.items).toContainEqual(
    expect.objectContaining({ reason: 'federation_error', detail: reason, result: 'failure' }),
  );
  return page;
}

describe('Auth0: an issuer that ends in a slash', () => {
  it('is kept exactly; discovery states it exactly; a guest signs in bound to (https://…/, sub)', async () => {
    const { tenant, rp } = await newTenant();
    expect(auth0.issuer).toMatch(/\/$/);
    const set = await setRules(tenant, [
      withClient(tenant, auth0, { id: 'auth0', domains: ['auth0.example'], issuer: auth0.issuer }),
    ]);
    expect(set.status).toBe(200);
    expect(set.body[0].issuer).toBe(auth0.issuer);
    const guest = account(auth0, 'auth0.example');
    const invitation = await invite(world.t, tenant, guest.email);
    expect(await signsInFederated(rp, guest.email)).toMatchObject({
      sub: invitation.guest.id,
      amr: ['fed'],
      idp: auth0.issuer,
    });
    expect(await guestOf(tenant, invitation.guest.id)).toMatchObject({
      state: 'accepted',
      federation: { issuer: auth0.issuer, subject: guest.sub },
    });
  });

  it('the issuer without its slash is refused with a 400 naming the field and the issuer the metadata states', async () => {
    const { tenant } = await newTenant();
    const response = await setRules(tenant, [
      withClient(tenant, auth0, {
        id: 'auth0',
        domains: ['auth0.example'],
        issuer: auth0.issuer.replace(/\/$/, ''),
      }),
    ]);
    expect(response.status).toBe(400);
    expect(response.body.error_description).toBe(
      `[0].issuer: the issuer is ${auth0.issuer.replace(/\/$/, '')}, but its metadata states ${auth0.issuer} (issuers are compared exactly)`,
    );
  });

  it('private_key_jwt: the answer publishes the key, never the private half; the guest signs in with an assertion for the issuer; sending the rule again keeps the key', async () => {
    const { tenant, rp } = await newTenant();
    const rule = {
      id: 'auth0',
      domains: ['auth0.example'],
      issuer: auth0.issuer,
      clientId: `guestpass-${tenant}`,
      clientAuth: 'private_key_jwt',
      assertionAudience: 'issuer',
    };
    const set = await setRules(tenant, [rule]);
    expect(set.status).toBe(200);
    const { publicKey } = set.body[0];
    expect(set.body[0]).toMatchObject({
      clientAuth: 'private_key_jwt',
      assertionAudience: 'issuer',
    });
    expect(publicKey.jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', kid: expect.any(String) });
    expect(publicKey.jwk).not.toHaveProperty('d');
    expect(
      new X509Certificate(publicKey.certificate).publicKey.export({ format: 'jwk' }),
    ).toMatchObject({
      n: publicKey.jwk.n,
    });
    const stored = await world.t.app.services.store.get(
      world.t.app.services.keys.federation(
        `${tenant}:${(await world.t.app.services.tenants.find(tenant))!.instance}`,
      ),
    );
    expect(stored).not.toContain('PRIVATE KEY');
    auth0.addClient({
      clientId: rule.clientId,
      jwks: { keys: [publicKey.jwk] },
      redirectUris: [`${world.t.url}/${tenant}/federation/callback`],
    });

    const guest = account(auth0, 'auth0.example');
    await invite(world.t, tenant, guest.email);
    await signsInFederated(rp, guest.email);
    expect(auth0.assertions.find((a) => a.payload.sub === rule.clientId)).toMatchObject({
      header: { alg: 'RS256', kid: publicKey.jwk.kid },
      payload: { iss: rule.clientId, aud: auth0.issuer },
    });

    const again = await setRules(tenant, [rule]);
    expect(again.body[0].publicKey).toEqual(publicKey);
  });
});

describe('Microsoft Entra ID: multi-tenant, tid, xms_edov', () => {
  /** the tenant's `entra` rule through the organizations endpoint, with a held key */
  async function organizationsRule(tenant: string, extra: object = {}) {
    const set = await setRules(tenant, [
      {
        id: 'entra',
        type: 'entra',
        tenant: 'organizations',
        instance: entra.instance,
        domains: ['contoso.example', 'fabrikam.example', 'outsider.example'],
        clientId: `guestpass-${tenant}`,
        clientAuth: 'private_key_jwt',
        ...extra,
      },
    ]);
    expect(set.status).toBe(200);
    entra.addClient({
      clientId: `guestpass-${tenant}`,
      jwks: { keys: [set.body[0].publicKey.jwk] },
      redirectUris: [`${world.t.url}/${tenant}/federation/callback`],
    });
    return set.body[0];
  }

  it('all organizations: guests of two tenants sign in through one rule, each bound to their own tenant’s issuer; the certificate’s x5t and the token endpoint are in the assertion', async () => {
    const { tenant, rp } = await newTenant();
    const rule = await organizationsRule(tenant);
    expect(rule).toMatchObject({
      type: 'entra',
      tenant: 'organizations',
      issuer: `${entra.instance}/{tenantid}/v2.0`,
      clientAuth: 'private_key_jwt',
    });
    expect(rule.publicKey.jwk.x5t).toEqual(expect.any(String));
    for (const [tid, domain] of [
      [contoso, 'contoso.example'],
      [fabrikam, 'fabrikam.example'],
    ] as const) {
      const guest = entraAccount(tid, domain);
      const invitation = await invite(world.t, tenant, guest.email);
      expect(await signsInFederated(rp, guest.email)).toMatchObject({
        sub: invitation.guest.id,
        idp: entra.issuerOf(tid),
      });
      expect(await guestOf(tenant, invitation.guest.id)).toMatchObject({
        federation: { issuer: entra.issuerOf(tid), subject: guest.sub },
      });
    }
    const assertion = entra.assertions.findLast((a) => a.payload.sub === `guestpass-${tenant}`);
    expect(assertion).toMatchObject({
      header: { x5t: rule.publicKey.jwk.x5t },
      payload: { aud: `${entra.instance}/organizations/oauth2/v2.0/token` },
    });
  });

  it('a guest who redeemed signs in again through the templated rule, found by their tenant’s issuer (sticky)', async () => {
    const { tenant, rp } = await newTenant();
    await organizationsRule(tenant);
    const guest = entraAccount(contoso, 'contoso.example');
    await invite(world.t, tenant, guest.email);
    await signsInFederated(rp, guest.email);
    const explained = await world.t.admin(
      'GET',
      `/tenants/${tenant}/federation/resolve?email=${guest.email}`,
    );
    expect(explained.body).toMatchObject({
      method: 'federation',
      reason: `sticky: redeemed with ${entra.issuerOf(contoso)} (rule entra)`,
    });
    expect(await signsInFederated(rp, guest.email)).toMatchObject({ idp: entra.issuerOf(contoso) });
  });

  it('partner tenants only: a guest whose tid is not on the allow-list is refused', async () => {
    const { tenant, rp } = await newTenant();
    await organizationsRule(tenant, { tenants: [contoso, fabrikam] });
    const guest = entraAccount(outsider, 'outsider.example');
    const page = await refused(tenant, rp, guest.email, 'tenant_not_allowed');
    expect(page.html).toContain('is not one Partnerco accepts guests from');
  });

  it('an email whose domain owner Entra has not verified (xms_edov false) is refused as unverified: the nOAuth lesson', async () => {
    const { tenant, rp } = await newTenant();
    await organizationsRule(tenant);
    // a user of the outsider tenant whose admin set their email to an address at contoso
    const guest = entraAccount(outsider, 'contoso.example', { xms_edov: false });
    const page = await refused(tenant, rp, guest.email, 'email_unverified');
    expect(page.html).toContain('did not confirm your email address');
  });

  it('an email without xms_edov (the optional claim not configured) is refused as unverified', async () => {
    const { tenant, rp } = await newTenant();
    await organizationsRule(tenant);
    const guest = entraAccount(contoso, 'contoso.example', { xms_edov: undefined });
    await refused(tenant, rp, guest.email, 'email_unverified');
  });

  it('the CLI sets an entra rule from a file and prints the certificate (PEM) and the JWK to register', async () => {
    const { tenant } = await newTenant();
    // the CLI of this source tree, whatever dist/ an earlier build left
    const cli = (args: string[], options: RunOptions = {}) =>
      cliFor(world.t.url, world.t.adminToken)(args, { ...options, source: true });
    const rules = [
      {
        id: 'entra',
        type: 'entra',
        tenant: 'organizations',
        instance: entra.instance,
        domains: ['contoso.example'],
        clientId: 'app',
        clientAuth: 'private_key_jwt',
      },
    ];
    const set = await cli(['federation', 'set', tenant, '--file', '-'], {
      input: JSON.stringify(rules),
    });
    expect(set.stdout).toMatch(/^entra\s+entra\s+contoso\.example\s+.*\s+private_key_jwt\s+/m);
    expect(set.stdout).toContain(`guestpass federation key ${tenant} entra > entra.pem`);
    const pem = await cli(['federation', 'key', tenant, 'entra']);
    const certificate = new X509Certificate(pem.stdout);
    const jwk = JSON.parse((await cli(['federation', 'key', tenant, 'entra', '--jwk'])).stdout);
    expect(certificate.publicKey.export({ format: 'jwk' }).n).toBe(jwk.n);
    const missing = await cli(['federation', 'key', tenant, 'nope']);
    expect({ code: missing.code, stderr: missing.stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining(`<rule>: ${tenant} has no federation rule nope`),
    });
  });

  it('one partner tenant by its id: that tenant’s own metadata and exact issuer, with a client secret', async () => {
    const { tenant, rp } = await newTenant();
    const set = await setRules(tenant, [
      withClient(tenant, entra, {
        id: 'contoso',
        type: 'entra',
        tenant: contoso,
        instance: entra.instance,
        domains: ['contoso.example'],
      }),
    ]);
    expect(set.status).toBe(200);
    expect(set.body[0].issuer).toBe(entra.issuerOf(contoso));
    const guest = entraAccount(contoso, 'contoso.example');
    await invite(world.t, tenant, guest.email);
    expect(await signsInFederated(rp, guest.email)).toMatchObject({
      idp: entra.issuerOf(contoso),
    });
  });
});

describe('Google: hd for Workspace domains', () => {
  async function googleRule(tenant: string) {
    const set = await setRules(tenant, [
      withClient(tenant, google, {
        id: 'google',
        type: 'google',
        issuer: google.issuer,
        domains: ['gmail.com', 'workspace.example'],
      }),
    ]);
    expect(set.status).toBe(200);
  }

  it('a Workspace account whose hd is the domain signs in', async () => {
    const { tenant, rp } = await newTenant();
    await googleRule(tenant);
    const guest = account(google, 'workspace.example', { claims: { hd: 'workspace.example' } });
    await invite(world.t, tenant, guest.email);
    expect(await signsInFederated(rp, guest.email)).toMatchObject({ idp: google.issuer });
  });

  it('a gmail.com account (no hd) signs in', async () => {
    const { tenant, rp } = await newTenant();
    await googleRule(tenant);
    const guest = account(google, 'gmail.com');
    await invite(world.t, tenant, guest.email);
    expect(await signsInFederated(rp, guest.email)).toMatchObject({ idp: google.issuer });
  });

  it('an account whose hd is another organization is refused', async () => {
    const { tenant, rp } = await newTenant();
    await googleRule(tenant);
    const guest = account(google, 'workspace.example', { claims: { hd: 'elsewhere.example' } });
    const page = await refused(tenant, rp, guest.email, 'hosted_domain_mismatch');
    expect(page.html).toContain('is not managed by the organization of your email address');
  });

  it('an account without hd asserting a Workspace address is refused', async () => {
    const { tenant, rp } = await newTenant();
    await googleRule(tenant);
    const guest = account(google, 'workspace.example');
    await refused(tenant, rp, guest.email, 'hosted_domain_mismatch');
  });

  it('private_key_jwt is refused with a 400: Google takes client secrets only', async () => {
    const { tenant } = await newTenant();
    const response = await setRules(tenant, [
      {
        id: 'google',
        type: 'google',
        issuer: google.issuer,
        domains: ['gmail.com'],
        clientId: 'c',
        clientAuth: 'private_key_jwt',
      },
    ]);
    expect(response.status).toBe(400);
    expect(response.body.error_description).toBe(
      `[0].clientAuth: ${google.issuer} does not accept private_key_jwt (it accepts client_secret_basic, client_secret_post)`,
    );
  });
});

describe('an IdP that puts the email only in userinfo', () => {
  async function userinfoRule(tenant: string) {
    const set = await setRules(tenant, [
      withClient(tenant, userinfoOnly, {
        id: 'partner',
        issuer: userinfoOnly.issuer,
        domains: ['userinfo.example'],
      }),
    ]);
    expect(set.status).toBe(200);
  }

  it('signs the guest in with the verified email userinfo states', async () => {
    const { tenant, rp } = await newTenant();
    await userinfoRule(tenant);
    const guest = account(userinfoOnly, 'userinfo.example');
    const invitation = await invite(world.t, tenant, guest.email);
    expect(await signsInFederated(rp, guest.email)).toMatchObject({ sub: invitation.guest.id });
  });

  it('refuses an email userinfo says is not verified', async () => {
    const { tenant, rp } = await newTenant();
    await userinfoRule(tenant);
    const guest = account(userinfoOnly, 'userinfo.example', { email_verified: false });
    await refused(tenant, rp, guest.email, 'email_unverified');
  });
});
