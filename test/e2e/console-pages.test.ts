import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { browserTimeout, expectPage, screenshot, useChromium } from '../support/chromium.js';
import {
  accessibilityProblems,
  openConsolePage,
  signInWithKeyboard,
} from '../support/admin-console.js';
import { startSamlIdp } from '../support/saml-idp.js';
import type { SamlIdp } from '../support/saml-idp.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { startUpstreamIdp } from '../support/upstream-idp.js';
import type { UpstreamIdp } from '../support/upstream-idp.js';
import { tenantScope } from '../../src/directory/tenant.js';
import type { Tenant } from '../../src/directory/tenant.js';

let t: TestApp;
let upstream: UpstreamIdp;
let saml: SamlIdp;

beforeAll(async () => {
  t = await startTestApp();
  upstream = await startUpstreamIdp();
  saml = await startSamlIdp({ nameId: 'n-1', email: 'pat@woodgrove.edu' });
  await t.admin('POST', '/tenants', { id: 'fabrikam', displayName: 'Fabrikam' });
});
afterAll(async () => {
  await saml?.stop();
  await upstream?.stop();
  await t?.close();
});

const chromium = useChromium();
const status = (page: Page) => page.getByRole('status').first();

const openAs = (credential: string, path: string, title: string) =>
  openConsolePage(chromium, t.url, credential, path, title);

/** fills the rule form for an OpenID Connect partner (the upstream IdP) and adds the rule */
async function addOpenIdRule(
  page: Page,
  rule: { id: string; domains: string; clientId: string; clientSecret: string },
) {
  await page.getByLabel('Rule id').fill(rule.id);
  await page.getByLabel('Domains').fill(rule.domains);
  await page.getByLabel('Issuer (OpenID Connect)').fill(upstream.issuer);
  await page.getByLabel('Client id').fill(rule.clientId);
  await page.getByLabel('Client secret').fill(rule.clientSecret);
  await page.getByRole('button', { name: 'Add rule' }).click();
}

describe('the console pages of a tenant', () => {
  it(
    'federation: an OpenID rule and a SAML rule are added, shown with what to register upstream, edited with the secret kept, and deleted',
    async () => {
      const { page } = await openAs(
        t.adminToken,
        '/admin/tenants/fabrikam/federation',
        'Federation rules',
      );
      // what to register upstream is shown before there is any rule
      await expect(
        page.locator('section[aria-labelledby=register-h]').innerText(),
      ).resolves.toContain(`${t.url}/fabrikam/federation/callback`);
      await addOpenIdRule(page, {
        id: 'partner',
        domains: 'partner.com, partner.de',
        clientId: 'guestpass',
        clientSecret: 'upstream-secret-1',
      });
      await expectPage(page, 'Federation rules');
      await expect(status(page).innerText()).resolves.toContain('Saved rule partner.');
      await expect(
        page.locator('section[aria-labelledby=rule-partner]').innerText(),
      ).resolves.toContain(`${t.url}/fabrikam/federation/callback`);
      expect(await page.content()).not.toContain('upstream-secret-1');

      // a SAML partner by its metadata: the SP's URLs to import upstream are shown
      await page.getByLabel('Rule id').fill('woodgrove');
      await page.getByLabel('Type').selectOption('saml');
      await page.getByLabel('Domains').fill('woodgrove.edu');
      await page.getByLabel('IdP metadata URL (SAML)').fill(saml.metadataUrl);
      await page.getByRole('button', { name: 'Add rule' }).click();
      await expect(status(page).innerText()).resolves.toContain('Saved rule woodgrove.');
      const woodgrove = page.locator('section[aria-labelledby=rule-woodgrove]');
      await expect(woodgrove.innerText()).resolves.toContain(`${t.url}/fabrikam/saml/metadata`);
      await expect(woodgrove.innerText()).resolves.toContain(`${t.url}/fabrikam/saml/acs`);

      // editing keeps the stored secret when the field is left empty
      await page.getByRole('link', { name: 'Edit partner' }).click();
      await expectPage(page, 'Federation rules');
      await expect(page.getByLabel('Domains').inputValue()).resolves.toBe(
        'partner.com, partner.de',
      );
      await expect(page.getByLabel('Client secret').inputValue()).resolves.toBe('');
      await page.getByLabel('Domains').fill('partner.com');
      await page.getByRole('button', { name: 'Save rule' }).click();
      await expect(status(page).innerText()).resolves.toContain('Saved rule partner.');
      const rules = (await t.admin('GET', '/tenants/fabrikam/federation')).body as {
        id: string;
        domains: string[];
      }[];
      expect(rules.map((r) => [r.id, r.domains])).toEqual([
        ['partner', ['partner.com']],
        ['woodgrove', ['woodgrove.edu']],
      ]);
      const stored = await t.app.services.federation.rules.list(
        tenantScope((await t.app.services.tenants.find('fabrikam')) as Tenant),
      );
      expect(stored[0]?.clientSecret).toBe('upstream-secret-1');

      // the API's refusal, announced beside the form, the input kept (but not the secret)
      await addOpenIdRule(page, {
        id: 'broken',
        domains: 'partner.com',
        clientId: 'x',
        clientSecret: 'never-shown',
      });
      await expect(page.getByRole('alert').innerText()).resolves.toContain(
        'partner.com is in more than one rule',
      );
      await expect(page.getByLabel('Rule id').inputValue()).resolves.toBe('broken');
      expect(await page.content()).not.toContain('never-shown');

      await screenshot(page, 'console-federation');
      await page.getByRole('button', { name: 'Delete rule partner' }).click();
      await expect(status(page).innerText()).resolves.toContain('Deleted rule partner.');
      const left = (await t.admin('GET', '/tenants/fabrikam/federation')).body as { id: string }[];
      expect(left.map((r) => r.id)).toEqual(['woodgrove']);
    },
    browserTimeout,
  );

  it(
    'admin keys: a key is shown once, signs in to its tenant, and deleting it ends the sessions it opened',
    async () => {
      const { page } = await openAs(
        t.adminToken,
        '/admin/tenants/fabrikam/admin-keys',
        'Admin keys',
      );
      await page.getByLabel('Name').fill('helpdesk');
      await page.getByRole('button', { name: 'Create key' }).click();
      await expectPage(page, 'Admin keys');
      const key = (await page.locator('.secret').innerText()).trim();
      expect(key).toMatch(/^gpk\.fabrikam\./);
      // a reload repeats nothing (the creation answered with a redirect) and shows no key
      await page.reload();
      await expectPage(page, 'Admin keys');
      expect(await page.content()).not.toContain(key);
      expect((await t.admin('GET', '/tenants/fabrikam/admin-keys')).body).toHaveLength(1);

      // another browser: its own cookies
      const other = await chromium.context.browser()!.newContext();
      const helpdesk = { page: await other.newPage() };
      await signInWithKeyboard(helpdesk.page, t.url, key);
      await expectPage(helpdesk.page, 'Fabrikam');

      await page.goto(`${t.url}/admin/tenants/fabrikam/admin-keys`);
      await page.getByRole('button', { name: 'Delete key helpdesk' }).click();
      await expect(status(page).innerText()).resolves.toContain('Deleted the admin key.');

      await helpdesk.page.goto(`${t.url}/admin/tenants/fabrikam/guests`);
      await expectPage(helpdesk.page, 'Signed out');
      await expect(helpdesk.page.getByRole('alert').innerText()).resolves.toContain(
        'no longer accepts',
      );
      await helpdesk.page.goto(`${t.url}/admin/tenants/fabrikam`);
      await expectPage(helpdesk.page, 'Sign in to the console');
      await other.close();
    },
    browserTimeout,
  );

  it(
    'the sign-in log filters on result, method and address',
    async () => {
      const tenant = (await t.app.services.tenants.find('fabrikam')) as Tenant;
      const log = t.app.services.signInLog;
      const scope = tenantScope(tenant);
      await log.record(scope, {
        email: 'alex@example.com',
        client: 'portal',
        method: 'otp',
        result: 'success',
        reason: 'success',
      });
      await log.record(scope, {
        email: 'alex@example.com',
        client: 'portal',
        method: 'otp',
        result: 'failure',
        reason: 'wrong_code',
      });
      await log.record(scope, {
        email: 'kim@partner.com',
        client: 'portal',
        method: 'federation',
        result: 'failure',
        reason: 'federation_error',
        detail: 'email_unverified',
      });
      const { page } = await openAs(
        t.adminToken,
        '/admin/tenants/fabrikam/sign-ins',
        'Sign-in log',
      );
      const rows = () => page.locator('tbody tr').allInnerTexts();
      await expect(rows()).resolves.toHaveLength(3);
      await page.getByLabel('Result').selectOption('failure');
      await page.getByRole('button', { name: 'Filter' }).click();
      await expectPage(page, 'Sign-in log');
      await expect(rows()).resolves.toHaveLength(2);
      await page.getByLabel('Method').fill('otp');
      await page.getByRole('button', { name: 'Filter' }).click();
      const failedOtp = await rows();
      expect(failedOtp).toHaveLength(1);
      expect(failedOtp[0]).toContain('wrong_code');
      await page.getByLabel('Result').selectOption('');
      await page.getByLabel('Method').fill('');
      await page.getByLabel('Address contains').fill('partner.com');
      await page.getByRole('button', { name: 'Filter' }).click();
      const partner = await rows();
      expect(partner).toHaveLength(1);
      expect(partner[0]).toContain('email_unverified');
      await expect(accessibilityProblems(page)).resolves.toEqual([]);
    },
    browserTimeout,
  );

  it(
    'guests: 25 a page, the next page after it, back to the first, and a search',
    async () => {
      await t.admin('POST', '/tenants', { id: 'paged', displayName: 'Paged' });
      const invitations = Array.from({ length: 30 }, (_, i) => ({
        email: `guest-${String(i).padStart(2, '0')}@example.com`,
        redirectUrl: 'https://apps.example.com/',
        sendEmail: false,
      }));
      const batch = await t.admin('POST', '/tenants/paged/invitations/batch', { invitations });
      expect(batch.status).toBe(200);
      const { page } = await openAs(t.adminToken, '/admin/tenants/paged/guests', 'Guests');
      const rows = () => page.locator('tbody tr').allInnerTexts();
      const summary = () => page.locator('p.muted').first().innerText();
      const first = await rows();
      expect(first).toHaveLength(25);
      await expect(summary()).resolves.toContain('30 guests · page 1 of 2');
      await page.getByRole('link', { name: 'Next page' }).click();
      await expectPage(page, 'Guests');
      const second = await rows();
      expect(second).toHaveLength(5);
      await expect(summary()).resolves.toContain('page 2 of 2');
      const shown = [...first, ...second].map((r) => r.split('\t')[0]);
      expect(new Set(shown).size).toBe(30);
      await expect(page.getByRole('link', { name: 'Next page' }).count()).resolves.toBe(0);
      await page.getByRole('link', { name: 'First page' }).click();
      await expectPage(page, 'Guests');
      await expect(rows()).resolves.toHaveLength(25);
      await page.getByLabel('Search by address').fill('guest-1');
      await page.getByRole('button', { name: 'Search' }).click();
      await expectPage(page, 'Guests');
      await expect(rows()).resolves.toHaveLength(10);
      await expect(summary()).resolves.toContain('10 guests matching');
      await expect(accessibilityProblems(page)).resolves.toEqual([]);
    },
    browserTimeout,
  );

  it(
    'tenants: 25 a page, the next page, and a search by id or by name',
    async () => {
      for (let i = 0; i < 30; i += 1)
        expect(
          (await t.admin('POST', '/tenants', { id: `many-${i}`, displayName: `Many ${i}` })).status,
        ).toBe(201);
      const { page } = await openAs(t.adminToken, '/admin/tenants', 'Tenants');
      const rows = () => page.locator('tbody tr').allInnerTexts();
      const caption = () => page.locator('caption').first().innerText();
      await expect(rows()).resolves.toHaveLength(25);
      await expect(caption()).resolves.toMatch(/^\d+ tenants · page 1 of 2$/);
      await page.getByRole('link', { name: 'Next page' }).click();
      await expectPage(page, 'Tenants');
      await expect(caption()).resolves.toMatch(/page 2 of 2$/);
      expect((await rows()).length).toBeGreaterThan(0);
      await page.getByLabel('Search by id or name').fill('many-1');
      await page.getByRole('button', { name: 'Search' }).click();
      await expectPage(page, 'Tenants');
      // many-1 and many-10 … many-19
      await expect(rows()).resolves.toHaveLength(11);
      await expect(caption()).resolves.toContain('11 tenants matching “many-1”');
      await page.getByLabel('Search by id or name').fill('MANY 7');
      await page.getByRole('button', { name: 'Search' }).click();
      await expectPage(page, 'Tenants');
      const named = await rows();
      expect(named).toHaveLength(1);
      expect(named[0]).toContain('many-7');
      await expect(accessibilityProblems(page)).resolves.toEqual([]);
    },
    browserTimeout,
  );
});
