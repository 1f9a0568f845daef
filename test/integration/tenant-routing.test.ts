import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  for (const id of ['contoso', 'fabrikam']) {
    expect((await t.admin('POST', '/tenants', { id, displayName: id })).status).toBe(201);
  }
});
afterAll(async () => t.close());

describe('Tenant context: every sign-in URL carries the tenant', () => {
  it('each tenant has its own discovery document, issuer and endpoints under its path', async () => {
    for (const id of ['contoso', 'fabrikam']) {
      const response = await fetch(`${t.url}/${id}/.well-known/openid-configuration`);
      expect(response.status).toBe(200);
      const discovery = (await response.json()) as Record<string, unknown>;
      expect(discovery.issuer).toBe(`${t.url}/${id}`);
      for (const endpoint of [
        'authorization_endpoint',
        'token_endpoint',
        'userinfo_endpoint',
        'jwks_uri',
        'introspection_endpoint',
        'revocation_endpoint',
        'end_session_endpoint',
      ]) {
        expect(String(discovery[endpoint])).toMatch(new RegExp(`^${t.url}/${id}/`));
      }
      expect(discovery.response_types_supported).toEqual(['code']);
      expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    }
  });

  it('each tenant publishes its public signing keys (never private parts)', async () => {
    for (const id of ['contoso', 'fabrikam']) {
      const jwks = (await (await fetch(`${t.url}/${id}/jwks`)).json()) as {
        keys: Record<string, unknown>[];
      };
      expect(jwks.keys.length).toBeGreaterThan(0);
      for (const key of jwks.keys) expect(key.d).toBeUndefined();
    }
  });

  it.each([
    '/.well-known/openid-configuration',
    '/auth',
    '/token',
    '/jwks',
    '/me',
    '/session/end',
    '/token/introspection',
  ])(
    'a path with no tenant context (%s) answers 400 saying a tenant-specific URL is required',
    async (path) => {
      const response = await fetch(`${t.url}${path}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: 'invalid_request',
        error_description: expect.stringContaining('tenant-specific URL is required'),
      });
    },
  );

  it('a browser asking without tenant context gets an HTML page saying so', async () => {
    const response = await fetch(`${t.url}/auth?client_id=x`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const page = await response.text();
    expect(page).toContain('tenant-specific URL is required');
    expect(page.match(/<h1>/g)).toHaveLength(1);
  });

  it('an unknown tenant answers 404', async () => {
    const response = await fetch(`${t.url}/nobody/.well-known/openid-configuration`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: 'not_found',
      error_description: 'unknown tenant "nobody"',
    });
    const page = await fetch(`${t.url}/nobody/auth`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('unknown tenant');
  });

  it('a deleted tenant is unknown at once, and one created again under the same id starts empty', async () => {
    await t.admin('POST', '/tenants', { id: 'ephemeral', displayName: 'Ephemeral' });
    const client = await t.admin('POST', '/tenants/ephemeral/clients', {
      client_name: 'machine',
      grant_types: ['client_credentials'],
    });
    expect((await t.admin('DELETE', '/tenants/ephemeral')).status).toBe(204);
    expect((await fetch(`${t.url}/ephemeral/.well-known/openid-configuration`)).status).toBe(404);
    await t.admin('POST', '/tenants', { id: 'ephemeral', displayName: 'Ephemeral again' });
    expect(
      (await t.admin('GET', `/tenants/ephemeral/clients/${client.body.client_id}`)).status,
    ).toBe(404);
  });
});

describe('tenant changes take effect without a restart', () => {
  it("a renamed tenant's pages show the new name on the next request", async () => {
    await t.admin('POST', '/tenants', { id: 'renamed', displayName: 'Old Name' });
    const page = () =>
      fetch(`${t.url}/renamed/auth`, { headers: { accept: 'text/html' } }).then((r) => r.text());
    expect(await page()).toContain('Old Name');
    expect((await t.admin('PATCH', '/tenants/renamed', { displayName: 'New Name' })).status).toBe(
      200,
    );
    const after = await page();
    expect(after).toContain('New Name');
    expect(after).not.toContain('Old Name');
  });
});

describe('security headers', () => {
  it('every HTML page forbids framing and carries a strict CSP', async () => {
    const response = await fetch(`${t.url}/nobody/auth`, { headers: { accept: 'text/html' } });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('health', () => {
  it('/healthz and /readyz answer 200 while the store answers', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', store: 'redis' });
  });
});
