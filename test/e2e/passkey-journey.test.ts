import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '../../config/load-config.js';
import {
  invite,
  latestCode,
  mailsTo,
  redirectUri,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { browserTimeout, expectPage, useChromium } from '../support/chromium.js';
import { cliFor } from '../support/run-cli.js';
import { virtualAuthenticator } from '../support/webauthn.js';
import {
  challengeOf,
  relyingParty as webauthnParty,
  verifyCreation,
} from '../../interactions/methods/passkey/passkey-webauthn.js';

/*
 * Passkeys in headless Chromium with its virtual authenticator (Chrome DevTools Protocol).
 * WebAuthn needs a secure context: http://localhost is one, so PUBLIC_URL is localhost here.
 */
const chromium = useChromium();
let world: JourneyWorld;
let base: string;
const rps: Record<string, RelyingParty> = {};

beforeAll(async () => {
  world = await startJourneyWorld({
    PUBLIC_URL: 'http://localhost:{port}',
    // the fallback test sends a second code to the same address at once
    OTP_RESEND_COOLDOWN_SECONDS: '0',
  });
  base = world.t.url.replace('127.0.0.1', 'localhost');
  for (const tenant of ['contoso', 'fabrikam'])
    rps[tenant] = await relyingParty(world.t, tenant, { skipConsent: true, base });
}, browserTimeout);
afterAll(async () => world?.close());

/** answers the relying party's redirect URI in the browser and keeps the callback URL */
async function catchCallback(page: Page): Promise<() => string> {
  let callbackUrl: string | undefined;
  await page.route(`${new URL(redirectUri).origin}/**`, async (route) => {
    callbackUrl = route.request().url();
    await route.fulfill({
      contentType: 'text/html',
      body: '<title>RP</title><h1>Back at the relying party</h1>',
    });
  });
  return () => {
    if (!callbackUrl) throw new Error('the browser never reached the redirect URI');
    return callbackUrl;
  };
}

async function passcodeSignIn(
  page: Page,
  tenant: string,
  email: string,
  offer: 'skip' | 'add' | 'none' = 'skip',
) {
  const signIn = new SignIn(rps[tenant]!);
  const callback = await catchCallback(page);
  await page.goto(await signIn.url());
  await expectPage(page, 'Sign in');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expectPage(page, 'Verify your email');
  await page.getByRole('button', { name: 'Send code', exact: true }).click();
  await expectPage(page, 'Enter code');
  await page.locator('input[name=code]').fill(await latestCode(world.sendgrid, email));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  if ((await page.locator('h1').innerText()) === 'Accept invitation')
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
  // a guest in a browser that can make passkeys is offered one before the app (after redeeming too)
  await page.getByRole('heading', { level: 1 }).filter({ hasNotText: 'Enter code' }).waitFor();
  const offered = (await page.locator('h1').innerText()) === 'Sign in faster next time';
  expect(offered).toBe(offer !== 'none');
  if (offered) {
    const name = offer === 'add' ? 'Add a passkey' : 'Not now';
    await page.getByRole('button', { name, exact: true }).click();
  }
  await expectPage(page, 'Back at the relying party');
  return (await signIn.tokens(callback())).claims();
}

/** a passcode sign-in in a context with an authenticator, then "Add a passkey" */
async function guestWithPasskey(context: BrowserContext, email: string) {
  const invitation = await invite(world.t, 'contoso', email);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  const auth = await virtualAuthenticator(page);
  // offered right after the redemption: "Not now" (forgotten first, as another test may have said it in this context)
  await context.clearCookies({ name: 'guestpass_passkey_later' });
  await passcodeSignIn(page, 'contoso', email, 'skip');
  let registration: string | undefined;
  page.on('request', (r) => {
    if (r.url().endsWith('/contoso/passkeys/add')) registration = r.postData() ?? undefined;
  });
  await page.goto(`${base}/contoso/passkeys`);
  await expectPage(page, 'Your passkeys');
  await expect(page.locator('main').innerText()).resolves.toContain('no passkeys');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await page.getByText('Passkey added.').waitFor();
  const { credentials } = await auth.cdp.send('WebAuthn.getCredentials', {
    authenticatorId: auth.id,
  });
  expect(credentials).toHaveLength(1);
  expect(problems).toEqual([]);
  return { invitation, page, auth, credentials, registration: registration ?? '' };
}

/**
 * A fresh context (no cookies) whose authenticator holds the exported credentials. Chromium's
 * virtual authenticator answers a conditional (autofill) request at once, as if the guest
 * picked the passkey; `autofill: false` is a browser without autofill for passkeys, so the
 * button is the way in.
 */
async function freshBrowserWith(credentials: unknown[], options: { autofill?: boolean } = {}) {
  const context = await chromium.context.browser()!.newContext();
  if (!options.autofill)
    await context.addInitScript(() => {
      // a browser without conditional mediation (the page script then offers the button only)
      // globalThis in the page (the tests have no DOM types)
      const page = globalThis as unknown as { PublicKeyCredential?: object };
      if (page.PublicKeyCredential)
        Object.defineProperty(page.PublicKeyCredential, 'isConditionalMediationAvailable', {
          value: async () => false,
        });
    });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  const auth = await virtualAuthenticator(page);
  for (const credential of credentials)
    await auth.cdp.send('WebAuthn.addCredential', {
      authenticatorId: auth.id,
      credential: credential as never,
    });
  return { context, page, auth, problems };
}

/** at the identify page: "Sign in with a passkey", then "Use my passkey" */
async function passkeySignIn(page: Page, tenant: string) {
  const signIn = new SignIn(rps[tenant]!);
  const callback = await catchCallback(page);
  await page.goto(await signIn.url());
  await expectPage(page, 'Sign in');
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expectPage(page, 'Sign in with a passkey');
  await page.getByRole('button', { name: 'Use my passkey' }).click();
  await page.waitForLoadState('networkidle');
  return { signIn, callback };
}

/** a passcode sign-in in a fresh browser that adds a passkey on the offer page: its credentials */
async function passcodeSignInAddingPasskey(email: string, sub: string): Promise<unknown[]> {
  const browser = await freshBrowserWith([]);
  try {
    const claims = await passcodeSignIn(browser.page, 'contoso', email, 'add');
    expect(claims).toMatchObject({ sub, amr: ['otp'], idp: 'mail' });
    const { credentials } = await browser.auth.cdp.send('WebAuthn.getCredentials', {
      authenticatorId: browser.auth.id,
    });
    expect(credentials).toHaveLength(1);
    expect(browser.problems).toEqual([]);
    return credentials;
  } finally {
    await browser.context.close();
  }
}

/** a fresh browser holding `credentials` signs in with the passkey: the ID token's claims */
async function passkeySignInClaims(credentials: unknown[]) {
  const browser = await freshBrowserWith(credentials);
  try {
    const { signIn, callback } = await passkeySignIn(browser.page, 'contoso');
    await expectPage(browser.page, 'Back at the relying party');
    return (await signIn.tokens(callback())).claims();
  } finally {
    await browser.context.close();
  }
}

describe('passkeys in headless Chromium (virtual authenticator)', () => {
  it(
    'a guest signs in with the passcode, adds a passkey, and signs in with it in a fresh browser with no mail: amr hwk user mfa, idp passkey; the admin API and the CLI show it',
    async () => {
      const email = 'passkey.guest@example.com';
      const { invitation, credentials } = await guestWithPasskey(chromium.context, email);
      const stored = await world.t.admin('GET', `/tenants/contoso/guests/${invitation.guest.id}`);
      expect(stored.body.passkeys).toHaveLength(1);
      expect(stored.body.passkeys[0]).toMatchObject({
        id: expect.any(String),
        deviceType: expect.any(String),
      });
      expect(stored.body.passkeys[0].publicKey).toBeUndefined();
      // and the CLI's guest show (this tree's CLI)
      const shown = await cliFor(world.t.url, world.t.adminToken)(
        ['guest', 'show', 'contoso', invitation.guest.id],
        { source: true },
      );
      expect(shown.code).toBe(0);
      expect(shown.stdout).toMatch(/^PASSKEY\s+KIND\s+ADDED\s+LAST USED$/m);
      expect(shown.stdout).toContain(stored.body.passkeys[0].id);

      const mails = await mailsTo(world.sendgrid, email);
      const fresh = await freshBrowserWith(credentials);
      try {
        const { signIn, callback } = await passkeySignIn(fresh.page, 'contoso');
        await expectPage(fresh.page, 'Back at the relying party');
        const claims = (await signIn.tokens(callback())).claims();
        expect(claims).toMatchObject({
          sub: invitation.guest.id,
          email,
          amr: ['hwk', 'user', 'mfa'],
          idp: 'passkey',
          nonce: signIn.nonce,
        });
        expect(await mailsTo(world.sendgrid, email)).toBe(mails);
        expect(fresh.problems).toEqual([]);
      } finally {
        await fresh.context.close();
      }
    },
    browserTimeout * 2,
  );

  it(
    'a guest is offered a passkey right after accepting the invitation: adding it there goes on to the app, the redemption is logged once, and the passkey signs in next time with no mail',
    async () => {
      const email = 'redeems.with.passkey@example.com';
      const invitation = await invite(world.t, 'contoso', email);
      const credentials = await passcodeSignInAddingPasskey(email, invitation.guest.id);
      const guest = await world.t.admin('GET', `/tenants/contoso/guests/${invitation.guest.id}`);
      expect(guest.body).toMatchObject({ state: 'accepted', authMethod: 'otp' });
      expect(guest.body.passkeys).toHaveLength(1);
      const log = await world.t.admin('GET', '/tenants/contoso/sign-ins?limit=500');
      const successes = log.body.items.filter(
        (e: { email: string; result: string }) => e.email === email && e.result === 'success',
      );
      expect(successes).toEqual([expect.objectContaining({ method: 'otp' })]);

      const mails = await mailsTo(world.sendgrid, email);
      expect(await passkeySignInClaims(credentials)).toMatchObject({
        sub: invitation.guest.id,
        amr: ['hwk', 'user', 'mfa'],
        idp: 'passkey',
      });
      expect(await mailsTo(world.sendgrid, email)).toBe(mails);
    },
    browserTimeout * 2,
  );

  it(
    'autofill (conditional UI): the browser offers the passkey in the address field and the guest is signed in without typing or choosing anything else; a removed passkey picked there leads to the passkey page saying why, and the address still works',
    async () => {
      const email = 'autofill.passkey@example.com';
      const { invitation, page, credentials } = await guestWithPasskey(chromium.context, email);
      const mails = await mailsTo(world.sendgrid, email);
      const fresh = await freshBrowserWith(credentials, { autofill: true });
      try {
        const signIn = new SignIn(rps.contoso!);
        const callback = await catchCallback(fresh.page);
        await fresh.page.goto(await signIn.url());
        // no click: the identify page's pending request is answered from the autofill
        await expectPage(fresh.page, 'Back at the relying party');
        expect((await signIn.tokens(callback())).claims()).toMatchObject({
          sub: invitation.guest.id,
          amr: ['hwk', 'user', 'mfa'],
          idp: 'passkey',
        });
        expect(await mailsTo(world.sendgrid, email)).toBe(mails);
        expect(fresh.problems).toEqual([]);
      } finally {
        await fresh.context.close();
      }

      await page.getByRole('button', { name: 'Remove passkey 1' }).click();
      await page.getByText('Passkey removed.').waitFor();
      const after = await freshBrowserWith(credentials, { autofill: true });
      try {
        await catchCallback(after.page);
        await after.page.goto(await new SignIn(rps.contoso!).url());
        await expectPage(after.page, 'Sign in with a passkey');
        await after.page.getByText('That passkey did not sign you in').waitFor();
        // the guest forgets it in the browser too (else the autofill offers it again), then types the address
        await after.auth.cdp.send('WebAuthn.clearCredentials', { authenticatorId: after.auth.id });
        await after.page.getByRole('button', { name: 'Use a different email' }).click();
        await expectPage(after.page, 'Sign in');
        await after.page.getByLabel('Email address').fill(email);
        await after.page.getByRole('button', { name: 'Next', exact: true }).click();
        await expectPage(after.page, 'Verify your email');
      } finally {
        await after.context.close();
      }
    },
    browserTimeout * 2,
  );

  it(
    'the guest removes the passkey on the passkeys page: it no longer signs in, and the passcode still does',
    async () => {
      const email = 'removes.passkey@example.com';
      const { page, credentials } = await guestWithPasskey(chromium.context, email);
      await page.getByRole('button', { name: 'Remove passkey 1' }).click();
      await page.getByText('Passkey removed.').waitFor();
      await expect(page.locator('main').innerText()).resolves.toContain('no passkeys');

      const fresh = await freshBrowserWith(credentials);
      try {
        await passkeySignIn(fresh.page, 'contoso');
        await expectPage(fresh.page, 'Sign in with a passkey');
        await fresh.page.getByText('That passkey did not sign you in').waitFor();
        await fresh.page.getByRole('button', { name: 'Use a different email' }).click();
        await expectPage(fresh.page, 'Sign in');
        const claims = await passcodeSignIn(fresh.page, 'contoso', email, 'skip');
        expect(claims).toMatchObject({ email, amr: ['otp'], idp: 'mail' });
      } finally {
        await fresh.context.close();
      }
    },
    browserTimeout * 2,
  );

  it(
    'security: a challenge answers once; a passkey is bound to one guest in one tenant; a cloned authenticator (signature counter not grown) is refused; origin and RP ID come from PUBLIC_URL; deleting the guest removes the passkey',
    async () => {
      const email = 'rules.passkey@example.com';
      const { invitation, credentials, registration } = await guestWithPasskey(
        chromium.context,
        email,
      );

      // another tenant on the same host (same RP ID) does not know the credential
      const other = await freshBrowserWith(credentials);
      try {
        await passkeySignIn(other.page, 'fabrikam');
        await other.page.getByText('That passkey did not sign you in').waitFor();
      } finally {
        await other.context.close();
      }

      // signs in once (the authenticator's counter grows), then a copy with the old counter is refused
      const first = await freshBrowserWith(credentials);
      let assertion = '';
      first.page.on('request', (r) => {
        if (r.url().endsWith('/verify')) assertion = r.postData() ?? '';
      });
      try {
        await passkeySignIn(first.page, 'contoso');
        await expectPage(first.page, 'Back at the relying party');
      } finally {
        await first.context.close();
      }
      // the same assertion posted again (its challenge was taken): refused, nothing recorded
      const replay = await freshBrowserWith([]);
      try {
        await replay.page.goto(await new SignIn(rps.contoso!).url());
        await replay.page.getByRole('button', { name: 'Sign in with a passkey' }).click();
        await expectPage(replay.page, 'Sign in with a passkey');
        const posted = new URLSearchParams(assertion).get('response') ?? '';
        expect(posted).not.toBe('');
        // the page's own form (and CSRF token), with the earlier answer in place of a new one
        await replay.page
          .locator('input[name=response]')
          // input: a DOM element (the tests have no DOM types)
          .evaluate((input: any, value: string) => {
            input.value = value;
            input.form.submit();
          }, posted);
        await replay.page.getByText('The passkey request expired. Try again.').waitFor();
      } finally {
        await replay.context.close();
      }
      const stored = await world.t.admin('GET', `/tenants/contoso/guests/${invitation.guest.id}`);
      const cloned = await freshBrowserWith(credentials);
      try {
        await passkeySignIn(cloned.page, 'contoso');
        await cloned.page.getByText('That passkey did not sign you in').waitFor();
      } finally {
        await cloned.context.close();
      }
      expect(
        (await world.t.admin('GET', `/tenants/contoso/guests/${invitation.guest.id}`)).body
          .passkeys,
      ).toEqual(stored.body.passkeys);

      // the registration the browser posted verifies only for the origin and RP ID of PUBLIC_URL
      const response = JSON.parse(new URLSearchParams(registration).get('response') ?? '{}');
      const challenge = challengeOf(response)!;
      const here = await loadConfig({ ...minimalEnv, PUBLIC_URL: base });
      expect(webauthnParty(here)).toEqual({ origin: base, rpID: 'localhost' });
      await expect(verifyCreation(here, response, challenge)).resolves.toBeDefined();
      const elsewhere = await loadConfig({
        ...minimalEnv,
        PUBLIC_URL: 'https://guestpass.example.com',
      });
      await expect(verifyCreation(elsewhere, response, challenge)).resolves.toBeUndefined();
      const otherPort = await loadConfig({ ...minimalEnv, PUBLIC_URL: 'http://localhost:1' });
      await expect(verifyCreation(otherPort, response, challenge)).resolves.toBeUndefined();

      // deleting the guest removes the passkey: the credential no longer signs in
      expect(
        (await world.t.admin('DELETE', `/tenants/contoso/guests/${invitation.guest.id}`)).status,
      ).toBe(204);
      const after = await freshBrowserWith(credentials);
      try {
        await passkeySignIn(after.page, 'contoso');
        await after.page.getByText('That passkey did not sign you in').waitFor();
      } finally {
        await after.context.close();
      }
    },
    browserTimeout * 3,
  );

  it(
    'enumeration: the sign-in page and the page after the address are the same for a guest with a passkey, one without and an address never invited; policy passkeys.enabled turns the offer and the page off',
    async () => {
      const withPasskey = 'has.passkey@example.com';
      const without = 'no.passkey@example.com';
      const { page: own } = await guestWithPasskey(chromium.context, withPasskey);
      await invite(world.t, 'contoso', without);
      const mask = (html: string) =>
        html
          .replace(/interaction\/[\w-]+/g, 'interaction/UID')
          .replace(/name="csrf" value="[\w-]+"/g, 'name="csrf" value="TOKEN"')
          .replace(/data-passkey="[^"]*"/g, 'data-passkey="OPTIONS"')
          .replace(/data-passkey-conditional="[^"]*"/g, 'data-passkey-conditional="OPTIONS"');
      const pagesFor = async (email: string) => {
        const fresh = await freshBrowserWith([]);
        try {
          await catchCallback(fresh.page);
          await fresh.page.goto(await new SignIn(rps.contoso!).url());
          await expectPage(fresh.page, 'Sign in');
          await fresh.page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
          const identify = mask(await fresh.page.content());
          await fresh.page.getByLabel('Email address').fill(email);
          await fresh.page.getByRole('button', { name: 'Next', exact: true }).click();
          await expectPage(fresh.page, 'Verify your email');
          return [identify, mask(await fresh.page.content()).replaceAll(email, 'EMAIL')];
        } finally {
          await fresh.context.close();
        }
      };
      const seen = await pagesFor(withPasskey);
      expect(await pagesFor(without)).toEqual(seen);
      expect(await pagesFor('never.invited@example.com')).toEqual(seen);

      // turned off: no offer on the sign-in page, the passkeys page says so; leaving it out keeps it
      const off = await world.t.admin('PUT', '/tenants/contoso/policy', {
        emailOtp: { enabled: true },
        passkeys: { enabled: false },
      });
      expect(off.body).toEqual({ emailOtp: { enabled: true }, passkeys: { enabled: false } });
      const kept = await world.t.admin('PUT', '/tenants/contoso/policy', {
        emailOtp: { enabled: true },
      });
      expect(kept.body.passkeys).toEqual({ enabled: false });
      const bad = await world.t.admin('PUT', '/tenants/contoso/policy', {
        emailOtp: { enabled: true },
        passkeys: { enabled: 'yes' },
      });
      expect(bad.status).toBe(400);
      try {
        await own.goto(`${base}/contoso/passkeys`);
        await own.getByText('contoso has turned passkeys off.').waitFor();
        const fresh = await freshBrowserWith([]);
        try {
          await fresh.page.goto(await new SignIn(rps.contoso!).url());
          await expectPage(fresh.page, 'Sign in');
          expect(
            await fresh.page.getByRole('button', { name: 'Sign in with a passkey' }).count(),
          ).toBe(0);
        } finally {
          await fresh.context.close();
        }
      } finally {
        await world.t.admin('PUT', '/tenants/contoso/policy', {
          emailOtp: { enabled: true },
          passkeys: { enabled: true },
        });
      }
    },
    browserTimeout * 3,
  );

  it(
    'a guest is offered a passkey after the passcode ("Sign in faster next time"), on redeeming and later: Not now goes to the app and is remembered, Add a passkey adds one on the way and it signs in; without JavaScript there is no offer',
    async () => {
      const email = 'offered.passkey@example.com';
      const invitation = await invite(world.t, 'contoso', email);
      // without JavaScript: the journey as it was, first and second sign-in
      const noScript = await chromium.context.browser()!.newContext({ javaScriptEnabled: false });
      try {
        const page = await noScript.newPage();
        await passcodeSignIn(page, 'contoso', email, 'none');
        await noScript.clearCookies();
        await passcodeSignIn(page, 'contoso', email, 'none');
      } finally {
        await noScript.close();
      }
      // with an authenticator: Not now, then no offer in this browser
      const later = await freshBrowserWith([]);
      try {
        await passcodeSignIn(later.page, 'contoso', email, 'skip');
        await later.context.clearCookies({ name: '_session' });
        await later.context.clearCookies({ name: '_session.legacy' });
        const keep = (await later.context.cookies()).filter((c) => c.name.startsWith('guestpass_'));
        await later.context.clearCookies();
        await later.context.addCookies(keep);
        await passcodeSignIn(later.page, 'contoso', email, 'none');
      } finally {
        await later.context.close();
      }
      // Add a passkey on the offer page: the guest goes on to the app, then signs in with it
      const credentials = await passcodeSignInAddingPasskey(email, invitation.guest.id);
      const stored = await world.t.admin('GET', `/tenants/contoso/guests/${invitation.guest.id}`);
      expect(stored.body.passkeys).toHaveLength(1);
      expect(await passkeySignInClaims(credentials)).toMatchObject({
        sub: invitation.guest.id,
        amr: ['hwk', 'user', 'mfa'],
        idp: 'passkey',
      });
    },
    browserTimeout * 3,
  );
});

const minimalEnv = {
  REDIS_URL: 'redis://127.0.0.1:1',
  ADMIN_TOKEN: 'x'.repeat(32),
  LOG_LEVEL: 'silent',
};
