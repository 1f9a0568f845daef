import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  invite,
  latestCode,
  redirectUri,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import {
  browserTimeout,
  expectPage,
  phoneProblems,
  screenshot,
  useChromium,
} from '../support/chromium.js';
import { mailSettled } from '../support/mail-settled.js';

const chromium = useChromium();
let world: JourneyWorld;
let rp: RelyingParty;

beforeAll(async () => {
  world = await startJourneyWorld();
  rp = await relyingParty(world.t, 'contoso', { displayName: 'Contoso' });
});
afterAll(async () => world?.close());

describe('the passcode journey in headless Chromium', () => {
  it(
    'an invited guest types the email, selects Send code, types the mailed code and lands on the relying party with an ID token',
    async () => {
      const email = 'browser.guest@example.com';
      const invitation = await invite(world.t, 'contoso', email);
      const signIn = new SignIn(rp);
      const { page, problems } = await chromium.newPage();
      // the relying party's redirect URI has no server: answer it here and keep the URL
      let callbackUrl: string | undefined;
      await page.route(`${new URL(redirectUri).origin}/**`, async (route) => {
        callbackUrl = route.request().url();
        await route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><title>Relying party</title><h1>Back at the relying party</h1>',
        });
      });

      await page.goto(await signIn.url());
      await expectPage(page, 'Sign in');
      const emailInput = page.getByLabel('Email address');
      await expect(emailInput.getAttribute('name')).resolves.toBe('email');
      await expect(emailInput.getAttribute('type')).resolves.toBe('email');
      await expect(emailInput.getAttribute('autocomplete')).resolves.toBe('email webauthn');
      await emailInput.fill(email);
      await page.getByRole('button', { name: 'Next', exact: true }).click();

      await expectPage(page, 'Verify your email');
      await expect(page.locator('main').innerText()).resolves.toContain(email);
      await mailSettled();
      const mailsBefore = world.sendgrid.requests.length;
      await page.getByRole('button', { name: 'Send code', exact: true }).click();

      await expectPage(page, 'Enter code');
      await mailSettled();
      expect(world.sendgrid.requests.length).toBe(mailsBefore + 1);
      const codeInput = page.locator('input[name=code]');
      await expect(codeInput.getAttribute('inputmode')).resolves.toBe('numeric');
      await expect(codeInput.getAttribute('autocomplete')).resolves.toBe('one-time-code');
      // the page a guest sees on a phone while switching to the mail app
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'enter-code-phone');
      await expect(phoneProblems(page)).resolves.toEqual([]);

      await codeInput.fill(await latestCode(world.sendgrid, email));
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expectPage(page, 'Accept invitation');
      await page.getByRole('button', { name: 'Accept', exact: true }).click();
      await expectPage(page, 'Allow access?');
      await page.getByRole('button', { name: 'Allow', exact: true }).click();

      await page.waitForURL((url) => url.href.startsWith(redirectUri));
      await expectPage(page, 'Back at the relying party');
      if (!callbackUrl) throw new Error('the browser never reached the redirect URI');
      expect(new URL(callbackUrl).searchParams.get('state')).toBe(signIn.state);
      const claims = (await signIn.tokens(callbackUrl)).claims();
      expect(claims).toMatchObject({
        iss: `${world.t.url}/contoso`,
        sub: invitation.guest.id,
        email,
        email_verified: true,
        amr: ['otp'],
        idp: 'mail',
        nonce: signIn.nonce,
      });
      // a CSP violation (an inline style or script) shows up as a console error
      expect(problems).toEqual([]);
    },
    browserTimeout,
  );
});
