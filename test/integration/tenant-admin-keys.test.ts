import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { callAdmin } from '../support/admin-api.js';
import { uniqueId } from '../support/shared-state.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

let t: TestApp;
let keyOfA: { id: string; key: string };

beforeAll(async () => {
  t = await startTestApp();
  for (const id of ['tenant-a', 'tenant-b'])
    await t.admin('POST', '/tenants', { id, displayName: id });
  const created = await t.admin('POST', '/tenants/tenant-a/admin-keys', { name: 'A ops' });
  expect(created.status).toBe(201);
  keyOfA = created.body;
});
afterAll(async () => t.close());

/** the admin API as the holder of `key` (a tenant key, or one that is no key) */
const asKey = (key: string, method: string, path: string, body?: unknown) =>
  callAdmin(t.url, key, method, path, body);

describe('tenant administrator keys', () => {
  it('are shown once and stored hashed', async () => {
    expect(keyOfA.key).toMatch(/^gpk\.tenant-a\./);
    const listed = await t.admin('GET', '/tenants/tenant-a/admin-keys');
    expect(listed.body).toEqual([{ id: keyOfA.id, name: 'A ops', createdAt: expect.any(String) }]);
    expect(JSON.stringify(listed.body)).not.toContain(keyOfA.key.split('.')[3]);
    const stored = await t.app.services.store.get(
      t.app.services.keys.adminKey(
        `tenant-a:${(await t.app.services.tenants.find('tenant-a'))!.instance}`,
        keyOfA.id,
      ),
    );
    expect(stored).not.toContain(keyOfA.key.split('.')[3]);
  });

  it('manage their own tenant', async () => {
    expect((await asKey(keyOfA.key, 'GET', '/tenants/tenant-a')).status).toBe(200);
    expect(
      (await asKey(keyOfA.key, 'PUT', '/tenants/tenant-a/policy', { emailOtp: { enabled: false } }))
        .status,
    ).toBe(200);
    const client = await asKey(keyOfA.key, 'POST', '/tenants/tenant-a/clients', {
      client_name: 'A app',
      redirect_uris: ['https://a.example/cb'],
    });
    expect(client.status).toBe(201);
    const invited = await asKey(keyOfA.key, 'POST', '/tenants/tenant-a/invitations', {
      email: 'g@example.com',
      redirectUrl: 'https://a.example/',
      sendEmail: false,
      // passcodes are off just above and no rule names example.com: no method would apply
      force: true,
    });
    expect(invited.status).toBe(201);
  });

  const routesOfB: [string, string, unknown][] = [
    ['GET', '/tenants/tenant-b', undefined],
    ['PATCH', '/tenants/tenant-b', { displayName: 'x' }],
    ['DELETE', '/tenants/tenant-b', undefined],
    ['GET', '/tenants/tenant-b/policy', undefined],
    ['PUT', '/tenants/tenant-b/policy', { emailOtp: { enabled: false } }],
    ['GET', '/tenants/tenant-b/clients', undefined],
    [
      'POST',
      '/tenants/tenant-b/clients',
      { client_name: 'x', redirect_uris: ['https://b.example/cb'] },
    ],
    ['GET', '/tenants/tenant-b/clients/some-id', undefined],
    ['DELETE', '/tenants/tenant-b/clients/some-id', undefined],
    [
      'POST',
      '/tenants/tenant-b/invitations',
      { email: 'g@example.com', redirectUrl: 'https://b.example/' },
    ],
    ['GET', '/tenants/tenant-b/guests', undefined],
    ['GET', '/tenants/tenant-b/guests/some-id', undefined],
    ['DELETE', '/tenants/tenant-b/guests/some-id', undefined],
    ['GET', '/tenants/tenant-b/admin-keys', undefined],
    ['POST', '/tenants/tenant-b/admin-keys', { name: 'x' }],
    ['DELETE', '/tenants/tenant-b/admin-keys/some-id', undefined],
    ['POST', '/tenants/tenant-b/initial-access-tokens', {}],
    ['GET', '/tenants/tenant-b/sign-ins', undefined],
    ['GET', '/tenants/tenant-b/federation', undefined],
    ['PUT', '/tenants/tenant-b/federation', []],
    ['GET', '/tenants/tenant-b/federation/resolve?email=a@b.example', undefined],
  ];

  it.each(routesOfB)(
    'a key of tenant A gets 403 on %s %s of tenant B',
    async (method, path, body) => {
      const response = await asKey(keyOfA.key, method, path, body);
      expect(response.status).toBe(403);
      expect(response.body).toEqual({
        error: 'forbidden',
        error_description: 'this key administers tenant "tenant-a" only',
      });
    },
  );

  it.each([
    ['POST', '/tenants', { id: 'tenant-c', displayName: 'C' }],
    ['GET', '/tenants', undefined],
    ['DELETE', '/tenants/tenant-a', undefined],
  ] as [string, string, unknown][])(
    'a tenant key cannot %s %s (operator only)',
    async (method, path, body) => {
      expect((await asKey(keyOfA.key, method, path, body)).status).toBe(403);
    },
  );

  it('a deleted key no longer works', async () => {
    // a tenant of this test's own: the keys of tenant-a stay as the other tests expect them
    const tenant = uniqueId('tenant');
    expect((await t.admin('POST', '/tenants', { id: tenant, displayName: 'Temp' })).status).toBe(
      201,
    );
    const extra = await t.admin('POST', `/tenants/${tenant}/admin-keys`, { name: 'temp' });
    expect(extra.status).toBe(201);
    expect((await asKey(extra.body.key, 'GET', `/tenants/${tenant}`)).status).toBe(200);
    expect((await t.admin('DELETE', `/tenants/${tenant}/admin-keys/${extra.body.id}`)).status).toBe(
      204,
    );
    const refused = await asKey(extra.body.key, 'GET', `/tenants/${tenant}`);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_token');
  });

  it('a forged key (right shape, wrong secret) is refused', async () => {
    const forged = keyOfA.key.replace(/\.[\w-]{43}$/, `.${'A'.repeat(43)}`);
    expect((await asKey(forged, 'GET', '/tenants/tenant-a')).status).toBe(401);
  });
});
