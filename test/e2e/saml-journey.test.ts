import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  codesTo,
  invite,
  mailsTo,
  redirectUri,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { startSamlIdp } from '../support/saml-idp.js';
import type { SamlIdp } from '../support/saml-idp.js';
import { uniqueId } from '../support/shared-state.js';
import { browserTimeout, expectPage, useChromium } from '../support/chromium.js';

const chromium = useChromium();
let world: JourneyWorld;
let idp: SamlIdp;
let rp: RelyingParty;
let tenant: string;

beforeAll(async () => {
  world = await startJourneyWorld();
  // the IdP on another site (localhost, Guestpass on 127.0.0.1): its form POST is cross-site,
  // so the browser withholds Lax cookies from it, as with a real partner IdP
  idp = await startSamlIdp({ nameId: 'n-pat', email: 'pat@partner.example' }, 'localhost');
  tenant = uniqueId('contoso');
  rp = await relyingParty(world.t, tenant, { displayName: 'Contoso' });
  const rules = await world.t.admin('PUT', `/tenants/${tenant}/federation`, [
    { id: 'partner', type: 'saml', domains: ['partner.example'], metadataUrl: idp.metadataUrl },
  ]);
  expect(rules.status).toBe(200);
});
afterAll(async () => {
  await world?.close();
  await idp?.stop();
});

const guestOf = async (id: string) =>
  (await world.t.admin('GET', `/tenants/${tenant}/guests/${id}`)).body;

describe('the SAML journey in headless Chromium', () => {
  it(
    'an invited guest of a SAML domain types the email, goes to the IdP, whose auto-submitting form posts the signed response back cross-site (no cookie on the POST: the ACS continues by GET), accepts, allows and lands on the relying party with amr fed and idp the entity ID',
    async () => {
      const email = 'pat@partner.example';
      const invitation = await invite(world.t, tenant, email);
      const mailsBefore = await mailsTo(world.sendgrid, email);
      const signIn = new SignIn(rp);
      const { page, problems } = await chromium.newPage();
      // the cookies each POST to the ACS carried (none of Guestpass's Lax cookies, cross-site)
      const acsCookies: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/saml/acs'))
          void request.allHeaders().then((h) => acsCookies.push(h.cookie ?? ''));
      });
      const navigations: { url: string; method: string }[] = [];
      page.on('request', (request) => {
        if (request.isNavigationRequest() && request.frame() === page.mainFrame())
          navigations.push({ url: request.url(), method: request.method() });
      });
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
      await page.getByLabel('Email address').fill(email);
      await page.getByRole('button', { name: 'Next', exact: true }).click();

      // to the IdP's SSO (HTTP-Redirect), its form POSTs to the ACS, which continues by GET
      await expectPage(page, 'Accept invitation');
      const atIdp = navigations.findIndex((n) => n.url.startsWith(`${idp.url}/sso?SAMLRequest=`));
      const posted = navigations.findIndex(
        (n) => n.method === 'POST' && n.url === `${world.t.url}/${tenant}/saml/acs`,
      );
      expect(atIdp).toBeGreaterThanOrEqual(0);
      expect(posted).toBeGreaterThan(atIdp);
      expect(new URL(idp.url).hostname).toBe('localhost');
      expect(acsCookies).toEqual(['']);
      expect(await mailsTo(world.sendgrid, email)).toBe(mailsBefore);
      expect(await codesTo(world.sendgrid, email)).toEqual([]);

      await page.getByRole('button', { name: 'Accept', exact: true }).click();
      await expectPage(page, 'Allow access?');
      await page.getByRole('button', { name: 'Allow', exact: true }).click();
      await page.waitForURL((url) => url.href.startsWith(redirectUri));
      if (!callbackUrl) throw new Error('the browser never reached the redirect URI');
      const claims = (await signIn.tokens(callbackUrl)).claims();
      expect(claims).toMatchObject({
        iss: `${world.t.url}/${tenant}`,
        sub: invitation.guest.id,
        email,
        amr: ['fed'],
        idp: idp.entityId,
        nonce: signIn.nonce,
      });
      expect(await guestOf(invitation.guest.id)).toMatchObject({
        state: 'accepted',
        authMethod: 'saml',
        federation: { issuer: idp.entityId, subject: 'n-pat' },
      });
      // Guestpass's pages: no console errors, no CSP violations (the IdP's page is its own)
      expect(problems.filter((p) => !p.includes(idp.url))).toEqual([]);
    },
    browserTimeout,
  );
});
