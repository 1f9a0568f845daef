import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { browserTimeout, expectPage, useChromium } from '../support/chromium.js';
import { consoleTab, openConsolePage } from '../support/admin-console.js';
import {
  invite,
  mailsTo,
  passcodeSignIn,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';

/*
 * The console's pages for bulk invitations (POST /admin/v1/tenants/{t}/invitations/batch) and
 * reset redemption (…/guests/{id}/reset-redemption).
 */
let world: JourneyWorld;
let rp: RelyingParty;

beforeAll(async () => {
  world = await startJourneyWorld();
  rp = await relyingParty(world.t, 'fabrikam', { displayName: 'Fabrikam' });
});
afterAll(async () => world?.close());

const chromium = useChromium();

describe('bulk invitations and reset redemption in the console', () => {
  it(
    "uploads Entra's bulk invite CSV, shows each entry's answer (the refused one with the API's reason), and a pasted CSV with an existing guest gets a fresh link",
    async () => {
      const { page } = await openConsolePage(
        chromium,
        world.t.url,
        world.t.adminToken,
        '/admin/tenants/fabrikam/invitations',
        'Invitations',
      );
      const csv = [
        'version:v1.0',
        'Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail],Customized invitation message [customizedMessageBody]',
        'bulk.one@example.com,https://apps.example.com/,true,',
        'bulk.two@example.com,https://apps.example.com/,false,',
        'not-an-address,https://apps.example.com/,true,',
      ].join('\r\n');
      await page.getByLabel('CSV file').setInputFiles({
        name: 'invite.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
      await page.getByRole('button', { name: 'Invite all' }).click();
      await expectPage(page, 'Invitations');
      const results = page.locator('section[aria-labelledby=results-h]');
      await expect(results.getByRole('status').innerText()).resolves.toContain(
        '2 invited, 0 already guests (a fresh link), 1 refused.',
      );
      const rows = await results.locator('tbody tr').allInnerTexts();
      expect(rows).toHaveLength(3);
      expect(rows[2]).toContain('email');
      expect(await mailsTo(world.sendgrid, 'bulk.one@example.com')).toBe(1);
      expect(await mailsTo(world.sendgrid, 'bulk.two@example.com')).toBe(0);

      await page
        .getByLabel('Or paste the CSV')
        .fill('email,display name\nbulk.one@example.com,One');
      await page.getByLabel('Redirect URL for rows without one').fill('https://apps.example.com/');
      await page.getByRole('button', { name: 'Invite all' }).click();
      await expect(
        page.locator('section[aria-labelledby=results-h]').getByRole('status').innerText(),
      ).resolves.toContain('0 invited, 1 already guests');
      const guests = (await world.t.admin('GET', '/tenants/fabrikam/guests')).body as {
        email: string;
      }[];
      // the bulk rows' guests, once each (the reset test, in any order, invites its own guest here)
      expect(
        guests
          .map((g) => g.email)
          .filter((e) => e.startsWith('bulk.'))
          .sort(),
      ).toEqual(['bulk.one@example.com', 'bulk.two@example.com']);
    },
    browserTimeout,
  );

  it(
    'resets a redeemed guest: same id, method cleared, a new invitation link shown once and mailed',
    async () => {
      const email = 'reset.me@example.com';
      const { guest } = await invite(world.t, 'fabrikam', email);
      await passcodeSignIn(world, new SignIn(rp), email);
      const { page } = await consoleTab(chromium, world.t.url, world.t.adminToken);
      await page.goto(`${world.t.url}/admin/tenants/fabrikam/guests/${guest.id}`);
      await expectPage(page, email);
      await expect(page.locator('dl').innerText()).resolves.toContain('Redeemed');
      const mailsBefore = await mailsTo(world.sendgrid, email);
      await page.getByRole('button', { name: 'Reset redemption' }).click();
      await expectPage(page, email);
      await expect(page.getByRole('status').first().innerText()).resolves.toContain(
        'Reset the redemption and mailed a new invitation link.',
      );
      const link = (await page.locator('.secret').innerText()).trim();
      expect(link).toContain(`${world.t.url}/fabrikam/invite/`);
      expect(await mailsTo(world.sendgrid, email)).toBe(mailsBefore + 1);
      const details = await page.locator('dl').innerText();
      expect(details).toContain(guest.id);
      expect(details).toContain('Pending acceptance');
      expect(details).toContain('decided when the guest redeems');
      await page.reload();
      expect(await page.content()).not.toContain(link);
    },
    browserTimeout,
  );
});
