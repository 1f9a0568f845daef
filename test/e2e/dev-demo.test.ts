import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { loadConfig } from '../../config/load-config.js';
import { seedDemo } from '../../src/dev/seed-demo.js';
import { tenantScope } from '../../src/directory/tenant.js';
import { createApp } from '../../src/server/create-app.js';
import type { GuestpassApp } from '../../src/server/create-app.js';
import {
  browserTimeout,
  expectPage,
  phoneProblems,
  screenshot,
  useChromium,
} from '../support/chromium.js';
import { freePort } from '../support/free-port.js';
import { mailSettled, trackMail } from '../support/mail-settled.js';

const chromium = useChromium();
const guest = 'guest@example.com';

/** `npm run dev` in-process, as src/main.ts starts it: no REDIS_URL, no MAIL_TRANSPORT */
interface DevServer {
  app: GuestpassApp;
  url: string;
  close(): Promise<void>;
}

async function startDevServer(): Promise<DevServer> {
  const port = await freePort();
  // PUBLIC_URL left to its dev default, http://localhost:$PORT, as a newcomer gets it
  const config = await loadConfig({ PORT: String(port), LOG_LEVEL: 'silent' });
  const app = await createApp(config);
  expect(app.services.store.kind).toBe('memory');
  expect(app.services.outbox).toBeDefined();
  await seedDemo(app.services);
  const untrack = trackMail(app.services);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(config.port, () => resolve(s));
  });
  return {
    app,
    url: config.publicUrl,
    async close() {
      untrack();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await app.close();
    },
  };
}

// a fresh dev server each test: the embedded store starts empty, as at every `npm run dev`
let dev: DevServer;
beforeEach(async () => {
  dev = await startDevServer();
});
afterEach(async () => dev?.close());

/** reads the newest passcode at /dev/outbox in another tab, as the demo page says to */
async function codeFromOutbox(page: Page): Promise<string> {
  // the courier delivers into the outbox, moments after Send code answered
  await mailSettled();
  const outbox = await page.context().newPage();
  await outbox.goto(`${dev.url}/dev/outbox`);
  await expectPage(outbox, 'Dev outbox');
  const newest = outbox.locator('section').first();
  await expect(newest.locator('td').nth(1).innerText()).resolves.toBe(guest);
  const text = await newest.locator('pre').innerText();
  await outbox.close();
  const code = /\b(\d{6})\b/.exec(text)?.[1];
  if (!code) throw new Error(`no code in the newest outbox mail:\n${text}`);
  return code;
}

/** /demo → Sign in → Send code → the code from the outbox → Accept; ends on the consent page */
async function signInUntilConsent(page: Page): Promise<void> {
  await page.goto(`${dev.url}/demo`);
  await expectPage(page, 'Demo app');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // the demo sends login_hint, so the guest starts at Send code
  await expectPage(page, 'Verify your email');
  await expect(page.locator('main').innerText()).resolves.toContain(guest);
  await page.getByRole('button', { name: 'Send code', exact: true }).click();
  await expectPage(page, 'Enter code');
  await page.locator('input[name=code]').fill(await codeFromOutbox(page));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectPage(page, 'Accept invitation');
  await page.getByRole('button', { name: 'Accept', exact: true }).click();
  await expectPage(page, 'Allow access?');
}

/** the claims table of the signed-in demo page, claim name → shown value */
async function claimsShown(page: Page): Promise<Record<string, string>> {
  const rows = await page.locator('table tr').all();
  const entries = await Promise.all(
    rows.map(async (row) => [
      await row.locator('th').innerText(),
      await row.locator('td').innerText(),
    ]),
  );
  return Object.fromEntries(entries);
}

describe('npm run dev: the demo relying party at /demo', () => {
  it('seeding again (every dev start on a persistent store) keeps one demo client and one guest', async () => {
    await seedDemo(dev.app.services);
    const tenant = await dev.app.services.tenants.find('demo');
    if (!tenant) throw new Error('the demo tenant was not seeded');
    expect(tenant.displayName).toBe('Demo Organization');
    const scope = tenantScope(tenant);
    const clients = await dev.app.services.clients.list(scope);
    expect(clients).toEqual([
      expect.objectContaining({
        client_id: 'demo-app',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${dev.url}/demo-rp/callback`],
        post_logout_redirect_uris: [`${dev.url}/demo`],
      }),
    ]);
    const guests = await dev.app.services.guests.list(scope);
    expect(guests.map((g) => g.email)).toEqual([guest]);
    // the invitation is not mailed: the outbox holds nothing until a guest selects Send code
    expect(dev.app.services.outbox?.list()).toEqual([]);
  });

  it(
    'a newcomer signs in at /demo with the code from /dev/outbox and sees the ID token claims',
    async () => {
      const { page, problems } = await chromium.newPage();
      await page.goto(`${dev.url}/demo`);
      await expectPage(page, 'Demo app');
      const intro = await page.locator('main').innerText();
      expect(intro).toContain('demo');
      expect(intro).toContain(guest);
      await expect(
        page.getByRole('link', { name: '/dev/outbox' }).getAttribute('href'),
      ).resolves.toBe('/dev/outbox');

      await signInUntilConsent(page);
      await page.getByRole('button', { name: 'Allow', exact: true }).click();

      await page.waitForURL(`${dev.url}/demo`);
      await expectPage(page, 'Demo app');
      await expect(page.getByRole('status').innerText()).resolves.toContain(
        `Signed in as ${guest}`,
      );
      const claims = await claimsShown(page);
      expect(claims).toMatchObject({
        iss: `${dev.url}/demo`,
        aud: 'demo-app',
        email: guest,
        email_verified: 'true',
        amr: '["otp"]',
        idp: 'mail',
        name: 'Demo Guest',
      });
      expect(claims.sub).toMatch(/\S/);
      expect(claims.nonce).toMatch(/\S/);
      const rawToken = await page.locator('pre').innerText();
      expect(rawToken.split('.')).toHaveLength(3);
      // long claims (the nonce, the issuer URL) must not push the table off a phone screen
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'demo-signed-in-phone');
      await expect(phoneProblems(page)).resolves.toEqual([]);
      expect(problems).toEqual([]);
    },
    browserTimeout,
  );

  it(
    'Sign out ends the session at the tenant: back at /demo, a new sign-in asks for a code again',
    async () => {
      const { page, problems } = await chromium.newPage();
      await signInUntilConsent(page);
      await page.getByRole('button', { name: 'Allow', exact: true }).click();
      await page.waitForURL(`${dev.url}/demo`);
      await expectPage(page, 'Demo app');

      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await expectPage(page, 'Sign out');
      await page.getByRole('button', { name: 'Yes, sign me out' }).click();
      await page.waitForURL(`${dev.url}/demo`);
      await expectPage(page, 'Demo app');
      await expect(page.locator('table').count()).resolves.toBe(0);

      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expectPage(page, 'Verify your email');
      expect(problems).toEqual([]);
    },
    browserTimeout,
  );

  it(
    'Sign in again runs the flow once more without a code while the session at the tenant lasts',
    async () => {
      const { page, problems } = await chromium.newPage();
      await signInUntilConsent(page);
      await page.getByRole('button', { name: 'Allow', exact: true }).click();
      await page.waitForURL(`${dev.url}/demo`);
      const firstNonce = (await claimsShown(page)).nonce;
      const mails = dev.app.services.outbox?.list().length;

      await page.getByRole('button', { name: 'Sign in again', exact: true }).click();
      await page.waitForURL(`${dev.url}/demo`);
      await expectPage(page, 'Demo app');
      await expect(page.getByRole('status').innerText()).resolves.toContain(
        `Signed in as ${guest}`,
      );
      // a new ID token (a new nonce), and no new code was sent
      const claims = await claimsShown(page);
      expect(claims.nonce).toMatch(/\S/);
      expect(claims.nonce).not.toBe(firstNonce);
      expect(dev.app.services.outbox?.list().length).toBe(mails);
      await expect(
        page.getByRole('button', { name: 'Sign out', exact: true }).count(),
      ).resolves.toBe(1);
      expect(problems).toEqual([]);
    },
    browserTimeout,
  );

  it(
    'a guest who denies access lands on a clear "Sign-in failed" page with a way back',
    async () => {
      const { page } = await chromium.newPage();
      await signInUntilConsent(page);
      await page.getByRole('button', { name: 'Deny', exact: true }).click();

      await expectPage(page, 'Sign-in failed');
      expect(new URL(page.url()).pathname).toBe('/demo-rp/callback');
      await expect(page.getByRole('alert').innerText()).resolves.toMatch(/\S/);
      await expect(page.locator('code').innerText()).resolves.toBe('access_denied');
      await page.getByRole('link', { name: 'Back to the demo app' }).click();
      await expectPage(page, 'Demo app');
      await expect(page.locator('table').count()).resolves.toBe(0);
    },
    browserTimeout,
  );
});
