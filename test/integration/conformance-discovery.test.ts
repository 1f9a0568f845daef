import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

/**
 * Issue 10 items 5 and 8: a tenant's metadata at RFC 8414's path-inserted addresses, every
 * URL of it from PUBLIC_URL whatever Host or X-Forwarded-Host say (another host: 421), and
 * Cache-Control on discovery and JWKS.
 */
let t: TestApp;
/** the same server behind a trusted proxy (X-Forwarded-* honoured) */
let proxied: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  proxied = await startTestApp({ TRUST_PROXY: '1' });
  for (const app of [t, proxied]) {
    expect((await app.admin('POST', '/tenants', { id: 'fabrikam', displayName: 'F' })).status).toBe(
      201,
    );
  }
});
afterAll(async () => {
  await t?.close();
  await proxied?.close();
});

/** a GET with headers fetch() will not send (Host), over a real socket */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: text.startsWith('{') ? JSON.parse(text) : text,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** every string in the document that is a URL */
const urlsIn = (document: Record<string, unknown>) =>
  Object.values(document).filter((v): v is string => typeof v === 'string' && /^\w+:\/\//.test(v));

describe('RFC 8414 path-inserted metadata (item 5)', () => {
  it.each([
    '/.well-known/oauth-authorization-server/fabrikam',
    '/.well-known/openid-configuration/fabrikam',
    '/fabrikam/.well-known/oauth-authorization-server',
  ])('%s answers the tenant’s own discovery document', async (path) => {
    const own = await get(`${t.url}/fabrikam/.well-known/openid-configuration`);
    const inserted = await get(`${t.url}${path}`);
    expect(inserted.status).toBe(200);
    expect(inserted.body).toEqual(own.body);
    expect(inserted.body.issuer).toBe(`${t.url}/fabrikam`);
    expect(inserted.headers['cache-control']).toBe('public, max-age=300');
  });

  it('the path-inserted form of an unknown tenant answers 404 naming it', async () => {
    const response = await get(`${t.url}/.well-known/oauth-authorization-server/nobody`);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      error: 'not_found',
      error_description: 'unknown tenant "nobody"',
    });
  });

  it.each([
    '/.well-known/openid-configuration',
    '/.well-known/oauth-authorization-server',
    '/.well-known/openid-configuration/fabrikam/jwks',
    '/.well-known/webfinger/fabrikam',
  ])('%s still has no tenant context (400)', async (path) => {
    const response = await get(`${t.url}${path}`);
    expect(response.status).toBe(400);
    expect(response.body.error_description).toContain('tenant-specific URL is required');
  });
});

describe('URLs from PUBLIC_URL, never from the request (item 8)', () => {
  it.each<[string, (port: string) => string]>([
    ['evil.example', () => 'evil.example'],
    ['evil.example on the right port', (port) => `evil.example:${port}`],
    ['localhost (another name of the same machine)', (port) => `localhost:${port}`],
  ])(
    'a tenant route asked for with Host %s answers 421 and names no other host',
    async (_case, host) => {
      const headers = { host: host(new URL(t.url).port) };
      for (const path of [
        '/fabrikam/.well-known/openid-configuration',
        '/fabrikam/jwks',
        '/fabrikam/auth',
      ]) {
        const response = await get(`${t.url}${path}`, headers);
        expect(response.status).toBe(421);
        expect(response.body).toEqual({
          error: 'misdirected_request',
          error_description: `this server answers for ${new URL(t.url).host} only: use ${t.url}`,
        });
        expect(JSON.stringify(response.body)).not.toContain(headers.host);
      }
    },
  );

  it('a browser asking for another host gets a 421 page', async () => {
    const response = await get(`${t.url}/fabrikam/auth`, {
      host: 'evil.example',
      accept: 'text/html',
    });
    expect(response.status).toBe(421);
    expect(String(response.headers['content-type'])).toMatch(/text\/html/);
    expect(response.body).toContain(t.url);
  });

  it('behind a trusted proxy, X-Forwarded-Host naming another host answers 421', async () => {
    const response = await get(`${proxied.url}/fabrikam/.well-known/openid-configuration`, {
      'x-forwarded-host': 'evil.example',
    });
    expect(response.status).toBe(421);
  });

  it('without a trusted proxy, X-Forwarded-Host and X-Forwarded-Proto are ignored', async () => {
    const response = await get(`${t.url}/fabrikam/.well-known/openid-configuration`, {
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    });
    expect(response.status).toBe(200);
    for (const url of urlsIn(response.body)) expect(url.startsWith(`${t.url}/fabrikam`)).toBe(true);
  });

  it('behind a trusted proxy saying https while PUBLIC_URL is http, every URL is still PUBLIC_URL’s', async () => {
    const response = await get(`${proxied.url}/fabrikam/.well-known/openid-configuration`, {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': new URL(proxied.url).host,
    });
    expect(response.status).toBe(200);
    const urls = urlsIn(response.body);
    expect(urls.length).toBeGreaterThanOrEqual(8);
    for (const url of urls) expect(url.startsWith(`${proxied.url}/fabrikam`)).toBe(true);
  });

  it('the admin API and the health checks answer on any host (internal calls, probes)', async () => {
    expect((await get(`${t.url}/healthz`, { host: '10.0.0.7:3000' })).status).toBe(200);
    expect((await get(`${t.url}/readyz`, { host: 'guestpass.internal' })).status).toBe(200);
    const admin = await get(`${t.url}/admin/v1/tenants/fabrikam`, {
      host: 'guestpass.internal',
      authorization: `Bearer ${t.adminToken}`,
    });
    expect(admin.status).toBe(200);
  });
});

describe('Cache-Control on metadata and JWKS (item 8)', () => {
  it('discovery and the JWKS may be cached for METADATA_CACHE_SECONDS (default 300)', async () => {
    for (const path of ['/fabrikam/.well-known/openid-configuration', '/fabrikam/jwks']) {
      const response = await get(`${t.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('public, max-age=300');
    }
  });

  it('an error is not cached as metadata', async () => {
    const response = await get(`${t.url}/nobody/jwks`);
    expect(response.status).toBe(404);
    expect(String(response.headers['cache-control'] ?? '')).not.toMatch(/public/);
  });

  it('METADATA_CACHE_SECONDS=0: no-cache', async () => {
    const app = await startTestApp({ METADATA_CACHE_SECONDS: '0' });
    try {
      await app.admin('POST', '/tenants', { id: 'fresh', displayName: 'Fresh' });
      const response = await get(`${app.url}/fresh/jwks`);
      expect(response.headers['cache-control']).toBe('no-cache');
    } finally {
      await app.close();
    }
  });
});
