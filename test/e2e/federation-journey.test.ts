import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import {
  codesTo,
  invite,
  mailsTo,
  redirectUri,
  relyingParty,
  SignIn,
} from '../support/guest-journey.js';
import type { RelyingParty } from '../support/guest-journey.js';
import { startFederationWorld } from '../support/federation-world.js';
import type { FederationWorld } from '../support/federation-world.js';
import { browserTimeout, expectPage, useChromium } from '../support/chromium.js';

const chromium = useChromium();
let world: FederationWorld;
let rp: RelyingParty;

beforeAll(async () => {
  world = await startFederationWorld([
    { sub: 'u-1', email: 'pat@partner.example', email_verified: true, name: 'Pat' },
  ]);
  rp = await relyingParty(world.t, 'fabrikam', { displayName: 'Fabrikam' });
  await world.setRules('fabrikam', [{ id: 'partner', domains: ['partner.example'] }]);
});
afterAll(async () => world?.close());

const guestOf = async (id: string) =>
  (await world.t.admin('GET', `/tenants/fabrikam/guests/${id}`)).body;

/**
 * A tab that answers the relying party's redirect URI itself (it has no server) and records
 * every top-level navigation, redirects included, so the trip through the upstream shows.
 */
async function openTab() {
  const { page, problems } = await chromium.newPage();
  const navigations: string[] = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame())
      navigations.push(request.url());
  });
  /** the status of each top-level document Guestpass or the upstream answered */
  const documents: { url: string; status: number }[] = [];
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && request.frame() === page.mainFrame())
      documents.push({ url: response.url(), status: response.status() });
  });
  let callbackUrl: string | undefined;
  await page.route(`${new URL(redirectUri).origin}/**`, async (route) => {
    callbackUrl = route.request().url();
    await route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><title>Relying party</title><h1>Back at the relying party</h1>',
    });
  });
  return {
    page,
    navigations,
    documents,
    callbackUrl: () => callbackUrl,
    /** console errors and CSP violations on Guestpass's pages (the upstream's are its own) */
    guestpassProblems: () => problems.filter((p) => !p.includes(`(${world.upstream.issuer}`)),
  };
}

/** Types the email on Guestpass's first page and selects Next. */
async function identify(page: Page, email: string) {
  await expectPage(page, 'Sign in');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
}

/** The navigations from the upstream's authorization endpoint back to Guestpass's callback. */
function upstreamRoundTrip(navigations: string[]) {
  const atUpstream = navigations.findIndex((url) =>
    url.startsWith(`${world.upstream.issuer}/auth?`),
  );
  const backAtCallback = navigations.findIndex((url) =>
    url.startsWith(`${world.t.url}/fabrikam/federation/callback?`),
  );
  return { atUpstream, backAtCallback };
}

describe('the federation journey in headless Chromium', () => {
  it(
    'an invited guest whose domain has a rule types the email, passes through the upstream IdP without a passcode, accepts, allows and lands on the relying party with a federated ID token',
    async () => {
      const email = 'pat@partner.example';
      const invitation = await invite(world.t, 'fabrikam', email);
      // the invitation itself is mailed; the sign-in must add nothing
      const mailsBefore = await mailsTo(world.sendgrid, email);
      const signIn = new SignIn(rp);
      const tab = await openTab();
      const { page } = tab;

      await page.goto(await signIn.url());
      await identify(page, email);

      // Next goes to the upstream (another origin), which signs in at once and sends the
      // browser back to Guestpass's callback, which continues to the invitation
      await expectPage(page, 'Accept invitation');
      expect(new URL(page.url()).origin).toBe(world.t.url);
      const { atUpstream, backAtCallback } = upstreamRoundTrip(tab.navigations);
      expect(atUpstream).toBeGreaterThanOrEqual(0);
      expect(backAtCallback).toBeGreaterThan(atUpstream);
      expect(new URL(world.upstream.issuer).origin).not.toBe(world.t.url);
      expect(world.upstream.authorizationRequests.at(-1)).toMatchObject({
        login_hint: email,
        client_id: 'guestpass-fabrikam',
      });
      // no passcode was mailed to the guest
      expect(await mailsTo(world.sendgrid, email)).toBe(mailsBefore);
      expect(await codesTo(world.sendgrid, email)).toEqual([]);

      await page.getByRole('button', { name: 'Accept', exact: true }).click();
      await expectPage(page, 'Allow access?');
      await page.getByRole('button', { name: 'Allow', exact: true }).click();

      await page.waitForURL((url) => url.href.startsWith(redirectUri));
      await expectPage(page, 'Back at the relying party');
      const callbackUrl = tab.callbackUrl();
      if (!callbackUrl) throw new Error('the browser never reached the redirect URI');
      const claims = (await signIn.tokens(callbackUrl)).claims();
      expect(claims).toMatchObject({
        iss: `${world.t.url}/fabrikam`,
        sub: invitation.guest.id,
        email,
        email_verified: true,
        amr: ['fed'],
        idp: world.upstream.issuer,
        nonce: signIn.nonce,
      });
      expect(await guestOf(invitation.guest.id)).toMatchObject({
        state: 'accepted',
        authMethod: 'federation',
        federation: { issuer: world.upstream.issuer, subject: 'u-1' },
      });
      expect(await mailsTo(world.sendgrid, email)).toBe(mailsBefore);
      // a CSP violation (an inline style or script) shows up as a console error
      expect(tab.guestpassProblems()).toEqual([]);
    },
    browserTimeout,
  );

  it(
    'when the upstream IdP refuses, the browser ends on a Guestpass page saying sign-in did not work at Fabrikam, and the invitation stays pending',
    async () => {
      const email = 'pat.denied@partner.example';
      const invitation = await invite(world.t, 'fabrikam', email);
      const mailsBefore = await mailsTo(world.sendgrid, email);
      const signIn = new SignIn(rp);
      const tab = await openTab();
      const { page } = tab;
      world.upstream.behave('deny');
      try {
        await page.goto(await signIn.url());
        await identify(page, email);

        await expectPage(page, 'Sign-in did not work');
        expect(page.url()).toMatch(`${world.t.url}/fabrikam/federation/callback?`);
        const { atUpstream, backAtCallback } = upstreamRoundTrip(tab.navigations);
        expect(atUpstream).toBeGreaterThanOrEqual(0);
        expect(backAtCallback).toBeGreaterThan(atUpstream);
        const text = await page.locator('main').innerText();
        expect(text).toContain('Fabrikam');
        expect(text).toContain('cancelled or refused');
        expect(tab.callbackUrl()).toBeUndefined();
        expect(await mailsTo(world.sendgrid, email)).toBe(mailsBefore);
        expect(await guestOf(invitation.guest.id)).toMatchObject({
          state: 'pendingAcceptance',
          authMethod: null,
        });
        // the refusal page is answered 403, which Chromium reports on the console; that is
        // the page working as meant, anything else on the console is a problem
        expect(tab.documents.at(-1)).toEqual({ url: page.url(), status: 403 });
        const refusalStatus = `console: Failed to load resource: the server responded with a status of 403 (Forbidden) (${world.t.url}/fabrikam/federation/callback)`;
        expect(tab.guestpassProblems().filter((p) => p !== refusalStatus)).toEqual([]);
      } finally {
        world.upstream.behave('login');
      }
    },
    browserTimeout,
  );
});
