import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import {
  browserTimeout,
  expectPage,
  phoneProblems,
  screenshot,
  useChromium,
} from '../support/chromium.js';
import { accessibilityProblems, signInWithKeyboard } from '../support/admin-console.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const viewports = [
  ['desktop', { width: 1280, height: 900 }],
  ['phone', { width: 390, height: 844 }],
] as const;

/** the page is usable: labels, one h1, and on a phone nothing wider than the screen */
async function expectUsable(page: Page, phone: boolean) {
  await expect(accessibilityProblems(page)).resolves.toEqual([]);
  if (phone) await expect(phoneProblems(page)).resolves.toEqual([]);
}

const alert = (page: Page) => page.getByRole('alert');
const status = (page: Page) => page.getByRole('status').first();

describe.each(viewports)('the admin console on a %s', (name, viewport) => {
  const chromium = useChromium({ viewport });
  const phone = name === 'phone';

  it(
    'the operator signs in with the token, creates a tenant, toggles passcodes, invites a guest, finds and deletes them, registers a client whose secret is shown once, deletes the tenant by typing its id, and signs out',
    async () => {
      const tenant = `console-${name}`;
      const { page, problems } = await chromium.newPage();
      await signInWithKeyboard(page, t.url, t.adminToken);
      await expectPage(page, 'Tenants');
      await expectUsable(page, phone);

      await page.getByLabel('Tenant id').fill(tenant);
      await page.getByLabel('Display name').fill('Contoso Console');
      await page.getByRole('button', { name: 'Create tenant' }).click();
      await expectPage(page, 'Contoso Console');
      await expect(status(page).innerText()).resolves.toContain(`Created tenant ${tenant}.`);
      await expectUsable(page, phone);

      // the passcode switch, with what it means beside it
      await expect(page.locator('main').innerText()).resolves.toContain(
        'until they are deleted and invited again',
      );
      await page.getByRole('button', { name: 'Turn passcodes off' }).click();
      await expectPage(page, 'Contoso Console');
      await expect(status(page).innerText()).resolves.toContain('now off');
      expect((await t.admin('GET', `/tenants/${tenant}/policy`)).body.emailOtp.enabled).toBe(false);
      await page.getByRole('button', { name: 'Turn passcodes on' }).click();
      await expect(status(page).innerText()).resolves.toContain('now on');
      expect((await t.admin('GET', `/tenants/${tenant}/policy`)).body.emailOtp.enabled).toBe(true);

      // a refused invitation: the API's error beside the form, announced, the input kept
      await page.getByRole('link', { name: 'Invitations', exact: true }).click();
      await expectPage(page, 'Invitations');
      await expectUsable(page, phone);
      await page.getByLabel('Email address').fill('alex@example.com');
      await page.getByLabel('Redirect URL', { exact: true }).fill('ftp://apps.example.com/');
      await page.getByRole('button', { name: 'Invite', exact: true }).click();
      await expect(alert(page).innerText()).resolves.toContain('redirectUrl');
      await expect(page.getByLabel('Email address').inputValue()).resolves.toBe('alex@example.com');
      await page.getByLabel('Redirect URL', { exact: true }).fill('https://apps.example.com/');
      await page.getByRole('button', { name: 'Invite', exact: true }).click();
      await expect(status(page).innerText()).resolves.toContain('Invited alex@example.com.');
      await t.admin('POST', `/tenants/${tenant}/invitations`, {
        email: 'sam@example.org',
        redirectUrl: 'https://apps.example.com/',
        sendEmail: false,
      });

      await page.getByRole('link', { name: 'Guests', exact: true }).click();
      await expectPage(page, 'Guests');
      await expectUsable(page, phone);
      const table = page.locator('table');
      await expect(table.innerText()).resolves.toContain('alex@example.com');
      await expect(table.innerText()).resolves.toContain('Pending acceptance');
      await page.getByLabel('Search by address').fill('example.org');
      await page.getByRole('button', { name: 'Search' }).click();
      await expect(page.locator('main').innerText()).resolves.toContain('1 guest matching');
      await expect(table.innerText()).resolves.not.toContain('alex@example.com');
      await page.getByLabel('Search by address').fill('alex');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('link', { name: 'alex@example.com' }).click();
      await expectPage(page, 'alex@example.com');
      await expectUsable(page, phone);
      await page.getByRole('button', { name: 'Delete guest' }).click();
      await expectPage(page, 'Guests');
      await expect(status(page).innerText()).resolves.toContain('Deleted the guest.');
      const guests = (await t.admin('GET', `/tenants/${tenant}/guests`)).body as {
        email: string;
      }[];
      expect(guests.map((g) => g.email)).toEqual(['sam@example.org']);

      // a client: the secret once, never again
      await page.getByRole('link', { name: 'Clients', exact: true }).click();
      await expectPage(page, 'Clients');
      await expectUsable(page, phone);
      await page.getByLabel('Client name').fill('Portal');
      await page.getByLabel('Redirect URIs').fill('https://portal.example.com/callback');
      await page.getByRole('button', { name: 'Register client' }).click();
      await expect(status(page).innerText()).resolves.toContain('Registered Portal.');
      const secret = (await page.locator('.secret').innerText()).trim();
      expect(secret.length).toBeGreaterThanOrEqual(32);
      // the registration answered with a redirect: a reload registers nothing and shows no secret
      await page.reload();
      await expectPage(page, 'Portal');
      expect(await page.content()).not.toContain(secret);
      expect((await t.admin('GET', `/tenants/${tenant}/clients`)).body).toHaveLength(1);
      await page.getByRole('link', { name: 'Clients', exact: true }).click();
      await expectPage(page, 'Clients');
      expect(await page.content()).not.toContain(secret);
      await page.getByRole('link', { name: 'Portal' }).click();
      await expectPage(page, 'Portal');
      expect(await page.content()).not.toContain(secret);

      // deleting the tenant takes its id, typed
      await page.getByRole('link', { name: 'Overview', exact: true }).click();
      await expectPage(page, 'Contoso Console');
      await page.getByLabel(`Type the tenant id (${tenant}) to confirm`).fill('contoso');
      await page.getByRole('button', { name: 'Delete tenant' }).click();
      await expect(alert(page).innerText()).resolves.toContain(`type its id (${tenant}) exactly`);
      expect((await t.admin('GET', `/tenants/${tenant}`)).status).toBe(200);
      await page.getByLabel(`Type the tenant id (${tenant}) to confirm`).fill(tenant);
      await page.getByRole('button', { name: 'Delete tenant' }).click();
      await expectPage(page, 'Tenants');
      await expect(status(page).innerText()).resolves.toContain(`Deleted tenant ${tenant}.`);
      expect((await t.admin('GET', `/tenants/${tenant}`)).status).toBe(404);
      await screenshot(page, `console-tenants-${name}`);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await expectPage(page, 'Sign in to the console');
      await expect(status(page).innerText()).resolves.toContain('You are signed out.');
      await page.goto(`${t.url}/admin/tenants`);
      await expectPage(page, 'Sign in to the console');
      // no inline script or style outside the CSP; the one refused form answered 400
      expect(problems).toEqual([
        `console: Failed to load resource: the server responded with a status of 400 (Bad Request) (${t.url}/admin/tenants/${tenant}/invitations)`,
        `console: Failed to load resource: the server responded with a status of 400 (Bad Request) (${t.url}/admin/tenants/${tenant}/delete)`,
      ]);
    },
    browserTimeout * 2,
  );
});
