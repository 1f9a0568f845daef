import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { browserTimeout, expectPage, screenshot, useChromium } from '../support/chromium.js';
import { accessibilityProblems, signInWithKeyboard } from '../support/admin-console.js';
import { invite, relyingParty } from '../support/guest-journey.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { Consents } from '../../src/directory/consents.js';
import { Passkeys } from '../../src/directory/passkeys.js';
import { tenantScope } from '../../src/directory/tenant.js';
import type { Tenant } from '../../src/directory/tenant.js';

/**
 * The console's tenant branding form, and a guest's remembered consents and passkeys. The
 * consent and the passkey are made through the directory on the app's own store, as
 * test/integration/remembered-consent.test.ts and guest-passkeys-admin.test.ts do (what the
 * consent page and the WebAuthn ceremony end in).
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const chromium = useChromium();
const alert = (page: Page) => page.getByRole('alert');
const status = (page: Page) => page.getByRole('status').first();

async function signedIn(path: string, title: string) {
  const { page } = await chromium.newPage();
  await signInWithKeyboard(page, t.url, t.adminToken);
  await page.goto(`${t.url}${path}`);
  await expectPage(page, title);
  await expect(accessibilityProblems(page)).resolves.toEqual([]);
  return page;
}

describe("the console's tenant branding and a guest's access", () => {
  it(
    'branding: a bad colour is refused with the field named and announced, the input kept; a good one is saved and shown back, and an emptied field removes its setting',
    async () => {
      await t.admin('POST', '/tenants', { id: 'contoso', displayName: 'Contoso' });
      const page = await signedIn('/admin/tenants/contoso', 'Contoso');

      await page.getByLabel('Default language').selectOption('de');
      await page.getByLabel('Logo URL').fill('https://cdn.contoso.example/logo.png');
      await page.getByLabel('Accent colour').fill('#12345');
      await page.getByLabel('Support contact').fill('help@contoso.example');
      await page.getByRole('button', { name: 'Save language and branding' }).click();
      await expectPage(page, 'Contoso');
      await expect(alert(page).innerText()).resolves.toContain('branding.accentColor');
      await expect(page.getByLabel('Accent colour').inputValue()).resolves.toBe('#12345');
      await expect(page.getByLabel('Logo URL').inputValue()).resolves.toBe(
        'https://cdn.contoso.example/logo.png',
      );
      await expect(accessibilityProblems(page)).resolves.toEqual([]);
      // nothing of the refused change was kept
      const refused = await t.admin('GET', '/tenants/contoso');
      expect(refused.body.defaultLanguage).toBeNull();
      expect(refused.body.branding).toEqual({
        logoUrl: null,
        accentColor: null,
        supportContact: null,
      });

      await page.getByLabel('Accent colour').fill('#0A7');
      await page.getByRole('button', { name: 'Save language and branding' }).click();
      await expect(status(page).innerText()).resolves.toContain('Saved the language and branding.');
      await expect(alert(page).count()).resolves.toBe(0);
      await expect(page.getByLabel('Default language').inputValue()).resolves.toBe('de');
      await expect(page.getByLabel('Accent colour').inputValue()).resolves.toBe('#0a7');
      await expect(page.getByLabel('Support contact').inputValue()).resolves.toBe(
        'help@contoso.example',
      );
      const saved = await t.admin('GET', '/tenants/contoso');
      expect(saved.body.defaultLanguage).toBe('de');
      expect(saved.body.branding).toEqual({
        logoUrl: 'https://cdn.contoso.example/logo.png',
        accentColor: '#0a7',
        supportContact: 'help@contoso.example',
      });
      await screenshot(page, 'console-branding');

      await page.getByLabel('Support contact').fill('');
      await page.getByLabel('Default language').selectOption('');
      await page.getByRole('button', { name: 'Save language and branding' }).click();
      await expect(status(page).innerText()).resolves.toContain('Saved the language and branding.');
      const emptied = await t.admin('GET', '/tenants/contoso');
      expect(emptied.body.defaultLanguage).toBeNull();
      expect(emptied.body.branding).toEqual({
        logoUrl: 'https://cdn.contoso.example/logo.png',
        accentColor: '#0a7',
        supportContact: null,
      });
    },
    browserTimeout,
  );

  it(
    "a guest's page shows their remembered consent and passkey; Revoke and Remove end them",
    async () => {
      const app = await relyingParty(t, 'northwind');
      const { guest } = await invite(t, 'northwind', 'kim@example.org', { sendEmail: false });
      const { services } = t.app;
      const scope = tenantScope((await services.tenants.find('northwind')) as Tenant);
      const consents = new Consents(services.store, services.keys, services.clock);
      expect(
        await consents.remember(scope, guest.id, app.clientId, {
          scopes: ['openid', 'email'],
          claims: [],
          resources: {},
        }),
      ).toBe(true);
      const passkeys = new Passkeys(services.store, services.keys, services.clock);
      await expect(
        passkeys.add(scope, guest.id, {
          id: 'console-passkey-1',
          publicKey: 'cHVibGljLWtleQ',
          transports: ['internal', 'hybrid'],
          deviceType: 'multiDevice',
          backedUp: true,
          counter: 0,
        }),
      ).resolves.toBe('added');

      const page = await signedIn(`/admin/tenants/northwind/guests/${guest.id}`, 'kim@example.org');
      const consentSection = page.locator('section[aria-labelledby=consents-h]');
      const passkeySection = page.locator('section[aria-labelledby=passkeys-h]');
      await expect(consentSection.innerText()).resolves.toContain(app.clientId);
      await expect(consentSection.innerText()).resolves.toContain('openid email');
      await expect(passkeySection.innerText()).resolves.toContain('console-passkey-1');
      await expect(passkeySection.innerText()).resolves.toContain('internal, hybrid');
      // never the public key
      expect(await page.content()).not.toContain('cHVibGljLWtleQ');
      await screenshot(page, 'console-guest-access');

      await consentSection.getByRole('button', { name: 'Revoke' }).click();
      await expectPage(page, 'kim@example.org');
      await expect(status(page).innerText()).resolves.toContain(
        `Revoked the consent to ${app.clientId}.`,
      );
      await expect(consentSection.innerText()).resolves.toContain('No remembered consents.');
      await expect(consents.list(scope, guest.id)).resolves.toEqual([]);

      await passkeySection.getByRole('button', { name: 'Remove' }).click();
      await expectPage(page, 'kim@example.org');
      await expect(status(page).innerText()).resolves.toContain('Removed the passkey.');
      await expect(passkeySection.innerText()).resolves.toContain('No passkeys.');
      await expect(passkeys.find(scope, 'console-passkey-1')).resolves.toBeUndefined();
      await expect(accessibilityProblems(page)).resolves.toEqual([]);
    },
    browserTimeout,
  );
});
