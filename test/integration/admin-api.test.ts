import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { uniqueId } from '../support/shared-state.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const raw = (path: string, init: RequestInit = {}) => fetch(`${t.url}/admin/v1${path}`, init);

/** A tenant of the calling test's own, under a name no other test uses. */
async function newTenant(displayName = 'Fabrikam'): Promise<string> {
  const id = uniqueId('fabrikam');
  expect((await t.admin('POST', '/tenants', { id, displayName })).status).toBe(201);
  return id;
}

describe('admin API authentication', () => {
  it('refuses a request without a bearer token (401 invalid_token)', async () => {
    const response = await raw('/tenants');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: 'invalid_token',
      error_description: expect.stringContaining('Bearer'),
    });
  });

  it('refuses a wrong token', async () => {
    const response = await raw('/tenants', { headers: { authorization: 'Bearer nope' } });
    expect(response.status).toBe(401);
  });
});

describe('tenants', () => {
  it('creates a tenant with email passcodes on, reads it, refuses a duplicate', async () => {
    const id = uniqueId('fabrikam');
    const created = await t.admin('POST', '/tenants', { id, displayName: 'Fabrikam' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id,
      displayName: 'Fabrikam',
      policy: { emailOtp: { enabled: true } },
    });
    expect(created.body.instance).toBeUndefined();
    expect((await t.admin('GET', `/tenants/${id}`)).body).toMatchObject({ id });
    const again = await t.admin('POST', '/tenants', { id, displayName: 'Again' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('conflict');
  });

  it.each([
    [{ id: 'A', displayName: 'x' }, 'id'],
    [{ id: 'x', displayName: 'x' }, 'id'],
    [{ id: 'ok-id', displayName: '' }, 'displayName'],
    [{ displayName: 'x' }, 'id'],
    [{ id: 'auth', displayName: 'x' }, 'id'],
    [{ id: 'ok-id', displayName: 'x', extra: 1 }, 'extra'],
  ])('refuses %j with 400 naming the field %s', async (body, field) => {
    const response = await t.admin('POST', '/tenants', body);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
    expect(response.body.error_description).toContain(field);
  });

  it('refuses a body that is not JSON, and one that is too large (413)', async () => {
    const headers = { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' };
    const bad = await raw('/tenants', { method: 'POST', headers, body: '{nope' });
    expect(bad.status).toBe(400);
    const big = await raw('/tenants', {
      method: 'POST',
      headers,
      body: JSON.stringify({ id: 'big', displayName: 'x'.repeat(100_000) }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: string }).error).toBe('payload_too_large');
  });

  it('answers 404 for an unknown tenant', async () => {
    const response = await t.admin('GET', '/tenants/ghost');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      error: 'not_found',
      error_description: 'tenant "ghost" does not exist',
    });
  });

  it('reads and sets the policy', async () => {
    const tenant = await newTenant();
    expect((await t.admin('GET', `/tenants/${tenant}/policy`)).body).toEqual({
      emailOtp: { enabled: true },
    });
    const set = await t.admin('PUT', `/tenants/${tenant}/policy`, {
      emailOtp: { enabled: false },
    });
    expect(set.body).toEqual({ emailOtp: { enabled: false } });
    expect((await t.admin('GET', `/tenants/${tenant}/policy`)).body).toEqual({
      emailOtp: { enabled: false },
    });
    const bad = await t.admin('PUT', `/tenants/${tenant}/policy`, {
      emailOtp: { enabled: 'yes' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error_description).toContain('emailOtp.enabled');
  });
});

describe('clients', () => {
  it('shows a confidential client secret once, never again', async () => {
    const tenant = await newTenant();
    const created = await t.admin('POST', `/tenants/${tenant}/clients`, {
      client_name: 'Portal',
      redirect_uris: ['https://portal.example.com/callback'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      client_name: 'Portal',
      token_endpoint_auth_method: 'client_secret_basic',
      response_types: ['code'],
      grant_types: ['authorization_code'],
    });
    expect(created.body.client_secret).toEqual(expect.any(String));
    const read = await t.admin('GET', `/tenants/${tenant}/clients/${created.body.client_id}`);
    expect(read.body.client_secret).toBeUndefined();
    const list = await t.admin('GET', `/tenants/${tenant}/clients`);
    expect(JSON.stringify(list.body)).not.toContain(created.body.client_secret);
  });

  it('stores the secret encrypted, never in plain text', async () => {
    const id = await newTenant();
    const created = await t.admin('POST', `/tenants/${id}/clients`, {
      client_name: 'Svc',
      grant_types: ['client_credentials'],
    });
    expect(created.status).toBe(201);
    expect(created.body.client_secret).toEqual(expect.any(String));
    const store = t.app.services.store;
    const keys = t.app.services.keys;
    const tenant = await t.app.services.tenants.find(id);
    const stored = await store.get(
      keys.client(`${tenant!.id}:${tenant!.instance}`, created.body.client_id),
    );
    expect(stored).not.toBeNull();
    expect(stored).not.toContain(created.body.client_secret);
  });

  it('a public client gets no secret', async () => {
    const tenant = await newTenant();
    const created = await t.admin('POST', `/tenants/${tenant}/clients`, {
      client_name: 'SPA',
      redirect_uris: ['http://localhost:5173/cb'],
      token_endpoint_auth_method: 'none',
    });
    expect(created.status).toBe(201);
    expect(created.body.client_secret).toBeUndefined();
  });

  it.each([
    [{ client_name: 'x', redirect_uris: ['http://example.com/cb'] }, 'redirect_uris'],
    [{ client_name: 'x', redirect_uris: ['javascript:alert(1)'] }, 'redirect_uris'],
    [{ client_name: 'x', redirect_uris: ['https://a.example/cb#frag'] }, 'redirect_uris'],
    [{ client_name: 'x', redirect_uris: [] }, 'redirect_uris'],
    [
      { client_name: 'x', redirect_uris: ['https://a.example/cb'], grant_types: ['implicit'] },
      'grant_types',
    ],
    [
      { client_name: 'x', redirect_uris: ['https://a.example/cb'], response_types: ['token'] },
      'response_types',
    ],
    [
      { client_name: 'x', grant_types: ['client_credentials'], token_endpoint_auth_method: 'none' },
      'client_credentials',
    ],
    [{ redirect_uris: ['https://a.example/cb'] }, 'client_name'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const tenant = await newTenant();
    const response = await t.admin('POST', `/tenants/${tenant}/clients`, body);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
    expect(response.body.error_description).toContain(field);
  });

  it('answers 404 for a client of another tenant', async () => {
    const tenant = await newTenant();
    const other = await newTenant('Contoso');
    const created = await t.admin('POST', `/tenants/${other}/clients`, {
      client_name: 'C',
      grant_types: ['client_credentials'],
    });
    expect(created.status).toBe(201);
    expect(
      (await t.admin('GET', `/tenants/${other}/clients/${created.body.client_id}`)).status,
    ).toBe(200);
    expect(
      (await t.admin('GET', `/tenants/${tenant}/clients/${created.body.client_id}`)).status,
    ).toBe(404);
    expect(
      (await t.admin('DELETE', `/tenants/${tenant}/clients/${created.body.client_id}`)).status,
    ).toBe(404);
  });
});
