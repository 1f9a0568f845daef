import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tenantScope } from '../../src/directory/tenant.js';
import { createLogger } from '../../src/util/logger.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

type Json = Record<string, any>; // any: tests read arbitrary JSON

let t: TestApp;
const lines: string[] = [];

beforeAll(async () => {
  t = await startTestApp({}, { logger: createLogger('info', (line) => lines.push(line)) });
  for (const id of ['acme', 'globex']) {
    expect((await t.admin('POST', '/tenants', { id, displayName: id })).status).toBe(201);
  }
});
afterAll(async () => t.close());

async function call(method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${t.url}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
}

async function initialAccessToken(tenant: string, body?: unknown): Promise<string> {
  const created = await t.admin('POST', `/tenants/${tenant}/initial-access-tokens`, body);
  expect(created.status).toBe(201);
  return String(created.body.token);
}

const register = (tenant: string, token: string | undefined, metadata: unknown) =>
  call('POST', `/${tenant}/reg`, token, metadata);

/** the path of a registration_client_uri, for calls against the test server */
const managed = (registered: Json) => new URL(String(registered.registration_client_uri)).pathname;

async function clientCredentials(tenant: string, client: Json) {
  const basic = Buffer.from(
    `${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`,
  ).toString('base64');
  const response = await fetch(`${t.url}/${tenant}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

const webApp = {
  client_name: 'Partner portal',
  redirect_uris: ['https://portal.partner.example/callback'],
  post_logout_redirect_uris: ['https://portal.partner.example/'],
  grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
};
const machine = { client_name: 'Nightly sync', grant_types: ['client_credentials'] };

const epoch = () => Date.now() / 1000;

describe('initial access tokens (admin API)', () => {
  it('creates a token that expires after 24 hours by default, stored with exactly that lifetime', async () => {
    const created = await t.admin('POST', '/tenants/acme/initial-access-tokens');
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
    expect(Date.parse(created.body.expiresAt) / 1000).toBeCloseTo(epoch() + 86400, -1);

    const tenant = await t.app.services.tenants.find('acme');
    const key = t.app.services.keys.oidc(
      tenantScope(tenant!),
      'InitialAccessToken',
      created.body.token,
    );
    const ttl = await t.app.services.store.ttl(key);
    expect(ttl).toBeGreaterThan(86400 - 10);
    expect(ttl).toBeLessThanOrEqual(86400);
  });

  it('honours expiresIn', async () => {
    const created = await t.admin('POST', '/tenants/acme/initial-access-tokens', {
      expiresIn: 3600,
    });
    expect(created.status).toBe(201);
    expect(Date.parse(created.body.expiresAt) / 1000).toBeCloseTo(epoch() + 3600, -1);
  });

  it.each([
    [{ expiresIn: 5 }, 'expiresIn'],
    [{ expiresIn: 59 }, 'expiresIn'],
    [{ expiresIn: 31536001 }, 'expiresIn'],
    [{ expiresIn: 90.5 }, 'expiresIn'],
    [{ expiresIn: '3600' }, 'expiresIn'],
    [{ expiresIn: 3600, policies: [] }, 'policies'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const response = await t.admin('POST', '/tenants/acme/initial-access-tokens', body);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
    expect(response.body.error_description).toContain(field);
  });

  it('answers 404 for an unknown tenant', async () => {
    const response = await t.admin('POST', '/tenants/ghost/initial-access-tokens');
    expect(response.status).toBe(404);
  });

  it('logs initial_access_token.created with the tenant, never the token', async () => {
    const token = await initialAccessToken('acme');
    const created = lines
      .map((line) => JSON.parse(line) as Json)
      .filter((entry) => entry.event === 'initial_access_token.created');
    expect(created.at(-1)).toMatchObject({ tenant: 'acme' });
    expect(lines.join('\n')).not.toContain(token);
  });
});

describe('dynamic client registration (RFC 7591) at /{t}/reg', () => {
  it('refuses a registration without an initial access token (401 invalid_token)', async () => {
    const response = await register('acme', undefined, machine);
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('invalid_token');
  });

  it('refuses a registration with a wrong initial access token (401 invalid_token)', async () => {
    const response = await register('acme', 'not-a-token', machine);
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('invalid_token');
  });

  it('registers a client with a valid initial access token: 201 with its id, secret, registration access token and its URI under /{t}/reg/', async () => {
    const response = await register('acme', await initialAccessToken('acme'), webApp);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      client_id: expect.any(String),
      client_secret: expect.any(String),
      registration_access_token: expect.any(String),
      client_name: 'Partner portal',
      response_types: ['code'],
      redirect_uris: webApp.redirect_uris,
    });
    expect(response.body.registration_client_uri).toBe(
      `${t.url}/acme/reg/${response.body.client_id}`,
    );
  });

  it('a registered client appears in the admin client list, its secret neither shown nor stored in plain text', async () => {
    const registered = (await register('acme', await initialAccessToken('acme'), webApp)).body;
    const list = await t.admin('GET', '/tenants/acme/clients');
    const listed = (list.body as Json[]).find((c) => c.client_id === registered.client_id);
    expect(listed).toMatchObject({ client_name: 'Partner portal', created_at: expect.any(String) });
    expect(listed?.client_secret).toBeUndefined();
    expect(JSON.stringify(list.body)).not.toContain(registered.client_secret);

    const tenant = await t.app.services.tenants.find('acme');
    const stored = await t.app.services.store.get(
      t.app.services.keys.client(tenantScope(tenant!), registered.client_id),
    );
    expect(stored).not.toBeNull();
    expect(stored).not.toContain(registered.client_secret);
    expect(stored).not.toContain(registered.registration_access_token);
  });

  it('a client registered for client_credentials gets a token from its tenant', async () => {
    const registered = await register('acme', await initialAccessToken('acme'), machine);
    expect(registered.status).toBe(201);
    expect(registered.body.response_types).toEqual([]);
    const token = await clientCredentials('acme', registered.body);
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
  });

  it('Tenants are isolated: a client registered at tenant A is no client at tenant B', async () => {
    const registered = (await register('acme', await initialAccessToken('acme'), machine)).body;
    const atB = await clientCredentials('globex', registered);
    expect(atB.status).toBe(401);
    expect(atB.body.error).toBe('invalid_client');
    expect((await t.admin('GET', `/tenants/globex/clients/${registered.client_id}`)).status).toBe(
      404,
    );
  });

  it('Tenants are isolated: an initial access token of tenant A does not register at tenant B', async () => {
    const response = await register('globex', await initialAccessToken('acme'), machine);
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('invalid_token');
  });

  it.each([
    ['an http redirect URI off loopback', { redirect_uris: ['http://portal.partner.example/cb'] }],
    ['a redirect URI with a fragment', { redirect_uris: ['https://portal.partner.example/#cb'] }],
  ])('refuses %s (400 invalid_redirect_uri naming redirect_uris)', async (_what, change) => {
    const response = await register('acme', await initialAccessToken('acme'), {
      ...webApp,
      ...change,
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_redirect_uri');
    expect(response.body.error_description).toMatch(/^redirect_uris: /);
  });

  it.each([
    ['the implicit response type token', 'response_types', { response_types: ['token'] }],
    ['the implicit response type id_token', 'response_types', { response_types: ['id_token'] }],
    ['a hybrid response type', 'response_types', { response_types: ['code id_token'] }],
    ['the implicit grant', 'grant_types', { grant_types: ['implicit'] }],
    ['skip_consent', 'skip_consent', { skip_consent: true }],
    [
      'an http post-logout redirect URI off loopback',
      'post_logout_redirect_uris',
      { post_logout_redirect_uris: ['http://portal.partner.example/'] },
    ],
    [
      'client_credentials for a public client',
      'client_credentials',
      { token_endpoint_auth_method: 'none' },
    ],
    [
      'a client authentication method Guestpass does not support',
      'token_endpoint_auth_method',
      { token_endpoint_auth_method: 'tls_client_auth' },
    ],
    [
      'private_key_jwt without the public keys',
      'jwks',
      { token_endpoint_auth_method: 'private_key_jwt' },
    ],
    ['a JWKS URL we would fetch', 'jwks_uri', { jwks_uri: 'https://partner.example/jwks' }],
    [
      'a sector identifier URL we would fetch',
      'sector_identifier_uri',
      { sector_identifier_uri: 'https://partner.example/sector' },
    ],
    ['a client without a name', 'client_name', { client_name: undefined }],
  ])('refuses %s (400 invalid_client_metadata naming %s)', async (_what, field, change) => {
    const before = (await t.admin('GET', '/tenants/acme/clients')).body as Json[];
    const response = await register('acme', await initialAccessToken('acme'), {
      ...webApp,
      ...change,
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_client_metadata');
    expect(response.body.error_description).toContain(field);
    expect((await t.admin('GET', '/tenants/acme/clients')).body).toHaveLength(before.length);
  });

  it('the client rules hold even for an initial access token created without the policy (the client adapter enforces them)', async () => {
    const tenant = await t.app.services.tenants.find('acme');
    const provider = await t.app.services.providerOf(tenant!);
    const bare = await new provider.InitialAccessToken({ expiresIn: 600 }).save();

    const skip = await register('acme', bare, { ...webApp, skip_consent: true });
    expect(skip.status).toBe(400);
    expect(skip.body.error_description).toContain('skip_consent');
    const http = await register('acme', bare, {
      ...webApp,
      redirect_uris: ['http://portal.partner.example/cb'],
    });
    expect(http.status).toBe(400);
    expect(http.body.error).toBe('invalid_redirect_uri');
  });
});

describe('client management (RFC 7592)', () => {
  async function registered(metadata: Json = webApp) {
    const response = await register('acme', await initialAccessToken('acme'), metadata);
    expect(response.status).toBe(201);
    return response.body;
  }

  it('reads the client with its registration access token, and not without it', async () => {
    const client = await registered();
    const read = await call('GET', managed(client), client.registration_access_token);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ client_id: client.client_id, client_name: 'Partner portal' });
    expect((await call('GET', managed(client), 'wrong')).status).toBe(401);
    expect((await call('GET', managed(client))).status).toBe(401);
  });

  it("one client's registration access token does not manage another client", async () => {
    const first = await registered();
    const second = await registered();
    const read = await call('GET', managed(second), first.registration_access_token);
    expect(read.status).toBe(401);
    expect(read.body.error).toBe('invalid_token');
  });

  it('updates the client (PUT): the change shows in the directory, the secret still works, and the registration access token rotates', async () => {
    const client = await registered();
    const updated = await call('PUT', managed(client), client.registration_access_token, {
      ...webApp,
      client_id: client.client_id,
      client_name: 'Partner portal v2',
      redirect_uris: ['https://portal.partner.example/v2/callback'],
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      client_name: 'Partner portal v2',
      redirect_uris: ['https://portal.partner.example/v2/callback'],
    });
    expect(updated.body.registration_access_token).not.toBe(client.registration_access_token);

    const inDirectory = await t.admin('GET', `/tenants/acme/clients/${client.client_id}`);
    expect(inDirectory.body).toMatchObject({
      client_name: 'Partner portal v2',
      created_at: expect.any(String),
    });
    expect(inDirectory.body.client_secret).toBeUndefined();
    expect((await clientCredentials('acme', client)).status).toBe(200);

    expect((await call('GET', managed(client), client.registration_access_token)).status).toBe(401);
    const reread = await call('GET', managed(client), updated.body.registration_access_token);
    expect(reread.status).toBe(200);
  });

  it.each([
    ['skip_consent', { skip_consent: true }, 'invalid_client_metadata'],
    [
      'redirect_uris',
      { redirect_uris: ['http://portal.partner.example/cb'] },
      'invalid_redirect_uri',
    ],
    ['response_types', { response_types: ['code', 'token'] }, 'invalid_client_metadata'],
  ])('an update is held to the same rules: %s is refused', async (field, change, error) => {
    const client = await registered();
    const response = await call('PUT', managed(client), client.registration_access_token, {
      ...webApp,
      client_id: client.client_id,
      ...change,
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe(error);
    expect(response.body.error_description).toContain(field);
    const unchanged = await t.admin('GET', `/tenants/acme/clients/${client.client_id}`);
    expect(unchanged.body.skip_consent).toBeUndefined();
    expect(unchanged.body.redirect_uris).toEqual(webApp.redirect_uris);
  });

  it('deletes the client (DELETE): it leaves the directory, can no longer get tokens, and its registration access token is void', async () => {
    const client = await registered();
    expect((await clientCredentials('acme', client)).status).toBe(200);
    const deleted = await call('DELETE', managed(client), client.registration_access_token);
    expect(deleted.status).toBe(204);

    expect((await t.admin('GET', `/tenants/acme/clients/${client.client_id}`)).status).toBe(404);
    const list = (await t.admin('GET', '/tenants/acme/clients')).body as Json[];
    expect(list.map((c) => c.client_id)).not.toContain(client.client_id);
    expect((await clientCredentials('acme', client)).status).toBe(401);
    expect((await call('GET', managed(client), client.registration_access_token)).status).toBe(401);
  });
});
