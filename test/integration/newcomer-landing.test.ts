import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateSigningJwks } from '../../config/signing-keys.js';
import { seedDemo } from '../../src/dev/seed-demo.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

/** the links of a page: text → href */
function links(page: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [, href = '', text = ''] of page.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g))
    found[text] = href;
  return found;
}

describe('GET / in development: a landing page that links where a newcomer goes next', () => {
  let dev: TestApp;
  beforeAll(async () => {
    dev = await startTestApp();
    await seedDemo(dev.app.services);
  });
  afterAll(() => dev.close());

  it('browsers get an HTML page linking the demo, the outbox, the console and discovery', async () => {
    const response = await fetch(`${dev.url}/`, { headers: browser });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain('<h1>Guestpass</h1>');
    expect(links(page)).toEqual({
      'Demo app (sign in as a guest)': '/demo',
      'Dev outbox (the mails sent)': '/dev/outbox',
      'Admin console': '/admin',
      'Discovery of the demo tenant': '/demo/.well-known/openid-configuration',
    });
  });

  it.each([['/demo'], ['/dev/outbox'], ['/demo/.well-known/openid-configuration']])(
    'the link to %s leads to a page that answers',
    async (href) => {
      const response = await fetch(`${dev.url}${href}`, { headers: browser });
      expect(response.status).toBe(200);
    },
  );

  it('programs get JSON: the mode, the issuer pattern and the same links, absolute', async () => {
    const response = await fetch(`${dev.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      service: 'guestpass',
      mode: 'development',
      issuer: `${dev.url}/{tenant}`,
      discovery: `${dev.url}/{tenant}/.well-known/openid-configuration`,
      links: [
        { rel: 'demo', href: `${dev.url}/demo`, title: 'Demo app (sign in as a guest)' },
        { rel: 'outbox', href: `${dev.url}/dev/outbox`, title: 'Dev outbox (the mails sent)' },
        { rel: 'console', href: `${dev.url}/admin`, title: 'Admin console' },
        {
          rel: 'discovery',
          href: `${dev.url}/demo/.well-known/openid-configuration`,
          title: 'Discovery of the demo tenant',
        },
      ],
    });
  });

  it('only GET and HEAD are the landing page: another method at / is still not found', async () => {
    const response = await fetch(`${dev.url}/`, { method: 'POST' });
    expect(response.status).toBe(404);
  });
});

describe('GET / in production: no development links', () => {
  let dir: string;
  let prod: TestApp;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'guestpass-landing-'));
    const jwksPath = join(dir, 'jwks.json');
    writeFileSync(jwksPath, JSON.stringify(await generateSigningJwks()));
    prod = await startTestApp({
      NODE_ENV: 'production',
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: 'smtp://user:pass@127.0.0.1:2525',
      COOKIE_SECRETS: 'c'.repeat(40),
      ADMIN_TOKEN: 'a'.repeat(40),
      JWKS_PATH: jwksPath,
    });
  });
  afterAll(async () => {
    await prod.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the page says what the server is and links nothing of development', async () => {
    const page = await fetch(`${prod.url}/`, { headers: browser }).then((r) => r.text());
    expect(page).toContain('<h1>Guestpass</h1>');
    expect(page).not.toContain('Development mode');
    expect(Object.values(links(page))).toEqual(['/healthz']);
  });

  it('the JSON says production', async () => {
    const body = (await fetch(`${prod.url}/`).then((r) => r.json())) as Record<string, unknown>;
    expect(body).toMatchObject({ service: 'guestpass', mode: 'production' });
    expect(body.links).toEqual([expect.objectContaining({ rel: 'health' })]);
  });
});
