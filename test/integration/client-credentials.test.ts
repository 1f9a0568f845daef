import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

let t: TestApp;
const clients: Record<string, { client_id: string; client_secret: string }> = {};

const basic = (c: { client_id: string; client_secret: string }) =>
  `Basic ${Buffer.from(`${encodeURIComponent(c.client_id)}:${encodeURIComponent(c.client_secret)}`).toString('base64')}`;

async function post(
  path: string,
  client: { client_id: string; client_secret: string },
  form: Record<string, string>,
) {
  const response = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { authorization: basic(client), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

beforeAll(async () => {
  t = await startTestApp();
  for (const id of ['tenant-a', 'tenant-b']) {
    await t.admin('POST', '/tenants', { id, displayName: id });
    const created = await t.admin('POST', `/tenants/${id}/clients`, {
      client_name: `service of ${id}`,
      grant_types: ['client_credentials'],
    });
    expect(created.status).toBe(201);
    clients[id] = created.body;
  }
});
afterAll(async () => t.close());

describe('client credentials, introspection and revocation', () => {
  it('an operator-registered client gets a token, introspects it as active, revokes it, and it is inactive', async () => {
    const a = clients['tenant-a']!;
    const token = await post('/tenant-a/token', a, { grant_type: 'client_credentials' });
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    const accessToken = String(token.body.access_token);

    const active = await post('/tenant-a/token/introspection', a, { token: accessToken });
    expect(active.body).toMatchObject({
      active: true,
      client_id: a.client_id,
      iss: `${t.url}/tenant-a`,
    });

    expect((await post('/tenant-a/token/revocation', a, { token: accessToken })).status).toBe(200);
    expect((await post('/tenant-a/token/introspection', a, { token: accessToken })).body).toEqual({
      active: false,
    });
  });

  it('Tenants are isolated: a client of tenant A cannot get a token from tenant B', async () => {
    const response = await post('/tenant-b/token', clients['tenant-a']!, {
      grant_type: 'client_credentials',
    });
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('invalid_client');
  });

  it('Tenants are isolated: a token of tenant A does not introspect as active at tenant B', async () => {
    const token = await post('/tenant-a/token', clients['tenant-a']!, {
      grant_type: 'client_credentials',
    });
    const atB = await post('/tenant-b/token/introspection', clients['tenant-b']!, {
      token: String(token.body.access_token),
    });
    expect(atB.body).toEqual({ active: false });
  });

  it('a wrong client secret is refused', async () => {
    const a = clients['tenant-a']!;
    const response = await post(
      '/tenant-a/token',
      { ...a, client_secret: 'wrong' },
      { grant_type: 'client_credentials' },
    );
    expect(response.status).toBe(401);
  });

  it('a deleted client can no longer get tokens', async () => {
    const created = await t.admin('POST', '/tenants/tenant-a/clients', {
      client_name: 'short-lived',
      grant_types: ['client_credentials'],
    });
    expect(
      (await t.admin('DELETE', `/tenants/tenant-a/clients/${created.body.client_id}`)).status,
    ).toBe(204);
    const response = await post('/tenant-a/token', created.body, {
      grant_type: 'client_credentials',
    });
    expect(response.status).toBe(401);
  });
});
