import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { codesTo, invite, redirectUri, relyingParty, SignIn } from '../support/guest-journey.js';
import type { RelyingParty } from '../support/guest-journey.js';
import { startFederationWorld } from '../support/federation-world.js';
import type { FederationWorld } from '../support/federation-world.js';
import { browserTimeout, expectPage, useChromium } from '../support/chromium.js';
import { virtualAuthenticator } from '../support/webauthn.js';

/*
 * A guest whose organization signs them in (federation) may add a passkey too: it tells
 * Guestpass who they are, so there is no address to type, and their organization's IdP still
 * signs them in — a passkey never replaces federation. WebAuthn needs a domain for its RP
 * ID, so PUBLIC_URL is localhost here.
 */
const chromium = useChromium();
let world: FederationWorld;
let base: string;
let rp: RelyingParty;

beforeAll(async () => {
  world = await startFederationWorld(
    [{ sub: 'u-7', email: 'lee@partner.example', email_verified: true, name: 'Lee' }],
    { PUBLIC_URL: 'http://localhost:{port}' },
  );
  base = world.t.url.replace('127.0.0.1', 'localhost');
  rp = await relyingParty(world.t, 'fabrikam', { skipConsent: true, base });
  world.upstream.addClient({
    clientId: 'guestpass-fabrikam',
    clientSecret: 'secret-of-fabrikam',
    redirectUris: [`${base}/fabrikam/federation/callback`],
  });
  const rules = await world.t.admin('PUT', '/tenants/fabrikam/federation', [
    {
      id: 'partner',
      domains: ['partner.example'],
      issuer: world.upstream.issuer,
      clientId: 'guestpass-fabrikam',
      clientSecret: 'secret-of-fabrikam',
    },
  ]);
  expect(rules.status).toBe(200);
}, browserTimeout);
afterAll(async () => world?.close());

/** a fresh context with a virtual authenticator, answering the RP's redirect URI itself */
async function freshTab(credentials: unknown[] = []) {
  const context = await chromium.context.browser()!.newContext();
  const page = await context.newPage();
  const auth = await virtualAuthenticator(page);
  for (const credential of credentials)
    await auth.cdp.send('WebAuthn.addCredential', {
      authenticatorId: auth.id,
      credential: credential as never,
    });
  let callbackUrl: string | undefined;
  await page.route(`${new URL(redirectUri).origin}/**`, async (route) => {
    callbackUrl = route.request().url();
    await route.fulfill({ contentType: 'text/html', body: '<h1>Back at the relying party</h1>' });
  });
  const upstreamVisits = () =>
    world.upstream.authorizationRequests.filter((r) => r.login_hint === 'lee@partner.example')
      .length;
  return {
    context,
    page,
    auth,
    upstreamVisits,
    callback: () => {
      if (!callbackUrl) throw new Error('the browser never reached the redirect URI');
      return callbackUrl;
    },
  };
}

async function startAt(page: Page) {
  const signIn = new SignIn(rp);
  await page.goto(await signIn.url());
  await expectPage(page, 'Sign in');
  return signIn;
}

describe('a passkey for a federated guest (headless Chromium, virtual authenticator)', () => {
  it(
    'is offered after the redemption through the upstream IdP; next time it spares typing the address, and the upstream IdP still signs the guest in: amr fed, no mail',
    async () => {
      const email = 'lee@partner.example';
      const invitation = await invite(world.t, 'fabrikam', email, { sendEmail: false });
      const first = await freshTab();
      let credentials: unknown[];
      try {
        const signIn = await startAt(first.page);
        await first.page.getByLabel('Email address').fill(email);
        await first.page.getByRole('button', { name: 'Next', exact: true }).click();
        await expectPage(first.page, 'Accept invitation');
        await first.page.getByRole('button', { name: 'Accept', exact: true }).click();
        await expectPage(first.page, 'Sign in faster next time');
        await first.page.getByText('still confirms it is you').waitFor();
        await first.page.getByRole('button', { name: 'Add a passkey', exact: true }).click();
        await expectPage(first.page, 'Back at the relying party');
        expect((await signIn.tokens(first.callback())).claims()).toMatchObject({
          sub: invitation.guest.id,
          amr: ['fed'],
          idp: world.upstream.issuer,
        });
        credentials = (
          await first.auth.cdp.send('WebAuthn.getCredentials', { authenticatorId: first.auth.id })
        ).credentials;
        expect(credentials).toHaveLength(1);
      } finally {
        await first.context.close();
      }

      const again = await freshTab(credentials);
      try {
        const visits = again.upstreamVisits();
        const signIn = new SignIn(rp);
        // the browser's autofill offers the passkey on the first page (Chromium's virtual
        // authenticator picks it at once); it names the guest, their organization's IdP signs them in
        await again.page.goto(await signIn.url());
        await expectPage(again.page, 'Back at the relying party');
        expect(again.upstreamVisits()).toBe(visits + 1);
        expect((await signIn.tokens(again.callback())).claims()).toMatchObject({
          sub: invitation.guest.id,
          email,
          amr: ['fed'],
          idp: world.upstream.issuer,
        });
        expect(await codesTo(world.sendgrid, email)).toEqual([]);
      } finally {
        await again.context.close();
      }
    },
    browserTimeout * 2,
  );
});
