import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { uniqueId } from '../support/shared-state.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

/**
 * Items 10 (server side), 13, 14 and 15: paths whose segments break their rules are refused
 * rather than routed elsewhere; invitation redirect URLs are checked as text and normalised;
 * a sign-in cursor out of range is a 400 naming it; no admin answer may be cached.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

async function newTenant(): Promise<string> {
  const id = uniqueId('acme');
  expect((await t.admin('POST', '/tenants', { id, displayName: 'Acme' })).status).toBe(201);
  return id;
}

/**
 * A request with its path sent exactly as written (fetch and URL would resolve `..` and
 * `%2e%2e` before sending, as the CLI's fetch did).
 */
function raw(method: string, path: string, token = t.adminToken) {
  const url = new URL(t.url);
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: the test's expectations say what was wrong
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('item 10: a path whose segments break their rules is refused (400), never routed elsewhere', () => {
  it.each([
    ['a plain .. as the guest id', 'DELETE', (a: string) => `/admin/v1/tenants/${a}/guests/..`],
    [
      'a percent-encoded .. as the guest id',
      'DELETE',
      (a: string) => `/admin/v1/tenants/${a}/guests/%2e%2e`,
    ],
    [
      'a mixed .%2E as the client id',
      'DELETE',
      (a: string) => `/admin/v1/tenants/${a}/clients/.%2E`,
    ],
    ['.. as the admin key id', 'DELETE', (a: string) => `/admin/v1/tenants/${a}/admin-keys/..`],
    ['a . segment', 'DELETE', (a: string) => `/admin/v1/tenants/${a}/guests/.`],
    [
      '.. walking up from a longer path',
      'DELETE',
      (a: string) => `/admin/v1/tenants/${a}/guests/x/..`,
    ],
    ['an encoded slash in an id', 'DELETE', (a: string) => `/admin/v1/tenants/${a}/guests/x%2F..`],
    [
      'an encoded backslash in an id',
      'DELETE',
      (a: string) => `/admin/v1/tenants/${a}/guests/x%5C..`,
    ],
  ])('%s', async (_case, method, path) => {
    const tenant = await newTenant();
    const response = await raw(method, path(tenant));
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
    // the tenant is still there
    expect((await t.admin('GET', `/tenants/${tenant}`)).status).toBe(200);
  });

  it.each([
    ['a tenant id in capitals', 'GET', '/admin/v1/tenants/ACME', 'tenant id "ACME"'],
    [
      'a tenant id with a dot',
      'GET',
      '/admin/v1/tenants/acme.example/guests',
      'tenant id "acme.example"',
    ],
    ['a guest id with a colon', 'GET', '/admin/v1/tenants/acme/guests/a:b', 'guest id "a:b"'],
    ['a client id with a space', 'GET', '/admin/v1/tenants/acme/clients/a%20b', 'client id "a b"'],
    [
      'an admin key id with a dot',
      'DELETE',
      '/admin/v1/tenants/acme/admin-keys/k.1',
      'admin key id "k.1"',
    ],
  ])('an id that breaks its rule is named: %s', async (_case, method, path, named) => {
    const response = await raw(method, path);
    expect(response.status).toBe(400);
    expect(response.body.error_description).toContain(named);
  });

  it('the rule holds below a tenant mount too: /{t}/../admin/… is refused', async () => {
    const tenant = await newTenant();
    const response = await raw('GET', `/${tenant}/../admin/v1/tenants`);
    expect(response.status).toBe(400);
  });

  it('well-formed ids still route as before (404 for an unknown guest)', async () => {
    const tenant = await newTenant();
    const response = await raw('DELETE', `/admin/v1/tenants/${tenant}/guests/AbC_-123`);
    expect(response.status).toBe(404);
  });
});

describe('item 13: an invitation redirectUrl is checked as text and stored normalised', () => {
  const inviteTo = (tenant: string, redirectUrl: string) =>
    t.admin('POST', `/tenants/${tenant}/invitations`, {
      email: `${uniqueId('ann')}@example.com`,
      redirectUrl,
      sendEmail: false,
    });

  it.each([
    ['CR LF', 'https://apps.example.com/\r\nSet-Cookie: x=1'],
    ['a line feed inside the host', 'https://apps.exa\nmple.com/'],
    ['a tab', 'https://apps.example.com/\tx'],
    ['a space', 'https://apps.example.com/a b'],
    ['a leading space', ' https://apps.example.com/'],
    ['backslashes for slashes', 'https:\\\\evil.example\\'],
    ['a backslash before an @', 'https://apps.example.com\\@evil.example/'],
    ['no // after the scheme', 'https:evil.example'],
    ['one slash after the scheme', 'https:/evil.example'],
    ['a NUL', 'https://apps.example.com/\u0000'],
    ['non-ASCII text (not percent-encoded)', 'https://apps.example.com/café'],
    ['plain http off loopback', 'http://apps.example.com/'],
    ['a javascript: URL', 'javascript:alert(1)'],
  ])('refuses %s', async (_case, redirectUrl) => {
    const tenant = await newTenant();
    const response = await inviteTo(tenant, redirectUrl);
    expect(response.status).toBe(400);
    expect(response.body.error_description).toMatch(/^redirectUrl: /);
    expect((await t.admin('GET', `/tenants/${tenant}/guests`)).body).toEqual([]);
  });

  it.each([
    [
      'an https URL without a path gets its /',
      'https://apps.example.com',
      'https://apps.example.com/',
    ],
    [
      'scheme and host in capitals are lower-cased',
      'HTTPS://Apps.Example.COM/Welcome',
      'https://apps.example.com/Welcome',
    ],
    [
      'a default port is dropped',
      'https://apps.example.com:443/a?b=1',
      'https://apps.example.com/a?b=1',
    ],
    [
      'a percent-encoded path stays',
      'https://apps.example.com/caf%C3%A9',
      'https://apps.example.com/caf%C3%A9',
    ],
    ['http on loopback', 'http://127.0.0.1:8080/cb', 'http://127.0.0.1:8080/cb'],
  ])('%s', async (_case, redirectUrl, stored) => {
    const tenant = await newTenant();
    const response = await inviteTo(tenant, redirectUrl);
    expect(response.status).toBe(201);
    expect(response.body.guest.redirectUrl).toBe(stored);
    const guest = await t.admin('GET', `/tenants/${tenant}/guests/${response.body.guest.id}`);
    expect(guest.body.redirectUrl).toBe(stored);
  });
});

describe('a page of tenants', () => {
  it.each([
    ['limit=0', 'limit: must be at least 1'],
    ['limit=many', 'limit: must be a whole number'],
    ['cursor=Not_An_Id', 'cursor: must be a cursor from a previous page'],
  ])('refuses %s with a 400 naming the field', async (query, description) => {
    const response = await t.admin('GET', `/tenants?${query}`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'invalid_request', error_description: description });
  });

  it('goes on after the cursor, by id, and ends with no next', async () => {
    const tenant = await newTenant();
    const page = await t.admin('GET', `/tenants?limit=500&cursor=${tenant}`);
    expect(page.status).toBe(200);
    const body = page.body as { items: { id: string }[]; next: string | null; total: number };
    expect(body.items.every((item) => item.id > tenant)).toBe(true);
    expect(body.next).toBeNull();
    const all = (await t.admin('GET', '/tenants')).body as { id: string }[];
    expect(body.total).toBe(all.length);
    expect(body.items.map((i) => i.id)).toEqual(all.map((i) => i.id).filter((id) => id > tenant));
  });
});

describe('item 14: the sign-in log cursor', () => {
  it.each([
    ['a time beyond 64 bits', '99999999999999999999999-0'],
    ['2^64 exactly', '18446744073709551616-0'],
    ['a sequence beyond 64 bits', '1-18446744073709551616'],
    ['0-0 (nothing is older)', '0-0'],
    ['no sequence', '12345'],
    ['a negative number', '-1-0'],
  ])('refuses %s with a 400 naming the field', async (_case, cursor) => {
    const tenant = await newTenant();
    const response = await t.admin(
      'GET',
      `/tenants/${tenant}/sign-ins?cursor=${encodeURIComponent(cursor)}`,
    );
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'invalid_request',
      error_description: 'cursor: must be a cursor from a previous page',
    });
  });

  it.each([['18446744073709551615-18446744073709551615'], ['0-1'], ['1795838500395-0']])(
    'accepts %s',
    async (cursor) => {
      const tenant = await newTenant();
      const response = await t.admin('GET', `/tenants/${tenant}/sign-ins?cursor=${cursor}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ items: [], next: null });
    },
  );
});

describe('item 15: every admin answer says Cache-Control: no-store', () => {
  const call = async (method: string, path: string, body?: unknown, token = t.adminToken) => {
    const response = await fetch(`${t.url}/admin/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    await response.arrayBuffer();
    return { status: response.status, cacheControl: response.headers.get('cache-control') };
  };

  it('answers carrying secrets, lists, errors and 204s alike', async () => {
    const tenant = uniqueId('acme');
    const answers = [
      await call('POST', '/tenants', { id: tenant, displayName: 'Acme' }),
      await call('POST', `/tenants/${tenant}/admin-keys`, { name: 'ci' }),
      await call('POST', `/tenants/${tenant}/clients`, {
        client_name: 'App',
        redirect_uris: ['https://app.example.com/cb'],
      }),
      await call('POST', `/tenants/${tenant}/initial-access-tokens`, {}),
      await call('GET', '/tenants'),
      await call('GET', `/tenants/${tenant}/admin-keys`),
      await call('GET', `/tenants/${tenant}/guests/nobody`),
      await call('POST', `/tenants/${tenant}/admin-keys`, { nope: true }),
      await call('GET', '/tenants', undefined, 'not-a-token'),
      await call('GET', '/nothing-here'),
      await call('DELETE', `/tenants/${tenant}`),
    ];
    expect(answers.map((a) => a.status)).toEqual([
      201, 201, 201, 201, 200, 200, 404, 400, 401, 404, 204,
    ]);
    for (const answer of answers) expect(answer.cacheControl).toBe('no-store');
  });
});
