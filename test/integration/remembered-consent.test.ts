import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { tenantScope } from '../../src/directory/tenant.js';
import {
  expectNotFound,
  freshTenant,
  identifyAndSend,
  invite,
  invitedGuest,
  isCallback,
  latestCode,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { heading, HttpBrowser } from '../support/http-browser.js';
import type { Page } from '../support/http-browser.js';
import { introspect } from '../support/introspect.js';
import { cliFor } from '../support/run-cli.js';

// the CLI test spawns the real CLI (node + tsx): about a second a call
jest.setTimeout(60_000);

let world: JourneyWorld;

beforeAll(async () => {
  // guests sign in again and again within seconds here: no wait between codes
  world = await startJourneyWorld({ OTP_RESEND_COOLDOWN_SECONDS: '0' });
});
afterAll(async () => world.close());

/** the calling test's own tenant and relying party */
const newTenant = () => freshTenant(world.t);
/** the calling test's own tenant and relying party, with `email` invited (no mail) */
const newGuest = (email: string) => invitedGuest(world.t, email);

/**
 * A sign-in in `browser` up to the consent page or back at the relying party: a code when
 * the browser has no session, the invitation accepted the first time.
 */
async function signInUntilConsent(
  rp: RelyingParty,
  email: string,
  browser: HttpBrowser,
  scope = 'openid email',
): Promise<{ signIn: SignIn; page: Page }> {
  const signIn = new SignIn(rp, browser);
  let page = await signIn.start({ scope });
  if (heading(page) === 'Sign in') {
    const enter = await identifyAndSend(browser, page, email);
    page = await browser.submit(
      enter,
      'verify',
      { code: await latestCode(world.sendgrid, email) },
      isCallback,
    );
  }
  if (heading(page) === 'Accept invitation')
    page = await browser.submit(page, 'accept', { decision: 'accept' }, isCallback);
  return { signIn, page };
}

const allow = (browser: HttpBrowser, page: Page) =>
  browser.submit(page, 'consent', { decision: 'allow' }, isCallback);

const consentsOf = (tenant: string, id: string) =>
  world.t.admin('GET', `/tenants/${tenant}/guests/${id}/consents`);

describe('Remembered consent: a guest who allowed a client is not asked again', () => {
  it('a fresh browser signs in without the consent page; a client asking for a new scope asks for that one alone', async () => {
    const { tenant, rp, email, invitation } = await newGuest('remember@example.com');
    const { guest } = invitation;

    const first = await signInUntilConsent(rp, email, new HttpBrowser());
    expect(heading(first.page)).toBe('Allow access?');
    expect(first.page.html).toContain('see your email address');
    expect(isCallback((await allow(first.signIn.browser, first.page)).url)).toBe(true);

    // another browser (a fresh cookie jar): a code, and straight back to the application
    const second = await signInUntilConsent(rp, email, new HttpBrowser());
    expect(isCallback(second.page.url)).toBe(true);
    expect((await second.signIn.tokens(second.page.url)).claims()).toMatchObject({
      sub: guest.id,
      email,
    });

    // the client now asks for profile too: consent for that alone
    const wider = await signInUntilConsent(rp, email, new HttpBrowser(), 'openid email profile');
    expect(heading(wider.page)).toBe('Allow access?');
    expect(wider.page.html).toContain('see your name');
    expect(wider.page.html).not.toContain('see your email address');
    expect(isCallback((await allow(wider.signIn.browser, wider.page)).url)).toBe(true);
    const again = await signInUntilConsent(rp, email, new HttpBrowser(), 'openid email profile');
    expect(isCallback(again.page.url)).toBe(true);

    const consents = await consentsOf(tenant, guest.id);
    expect(consents.status).toBe(200);
    expect(consents.body).toEqual([
      {
        clientId: rp.clientId,
        scopes: ['openid', 'email', 'profile'],
        claims: expect.any(Array),
        resources: {},
        grantedAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);
  });

  it('revoking it asks again in every browser, the signed-in one too, and ends the tokens issued to that client', async () => {
    const { tenant, rp, email, invitation } = await newGuest('revoke@example.com');
    const { guest } = invitation;
    const browser = new HttpBrowser();
    const first = await signInUntilConsent(rp, email, browser);
    const callback = await allow(browser, first.page);
    const tokens = await first.signIn.tokens(callback.url);
    expect((await introspect(world.t, tenant, rp, tokens.access_token)).active).toBe(true);

    const revoked = await world.t.admin(
      'DELETE',
      `/tenants/${tenant}/guests/${guest.id}/consents/${rp.clientId}`,
    );
    expect(revoked.status).toBe(204);
    expect((await consentsOf(tenant, guest.id)).body).toEqual([]);
    expect((await introspect(world.t, tenant, rp, tokens.access_token)).active).toBe(false);

    // the browser that is still signed in: no code, but the consent page again
    const sameBrowser = await new SignIn(rp, browser).start({ scope: 'openid email' });
    expect(heading(sameBrowser)).toBe('Allow access?');
    // a fresh browser: a code, then the consent page
    const fresh = await signInUntilConsent(rp, email, new HttpBrowser());
    expect(heading(fresh.page)).toBe('Allow access?');
    expect(isCallback((await allow(fresh.signIn.browser, fresh.page)).url)).toBe(true);
    expect((await consentsOf(tenant, guest.id)).body).toHaveLength(1);

    const path = `/tenants/${tenant}/guests/${guest.id}/consents/${rp.clientId}`;
    expect((await world.t.admin('DELETE', path)).status).toBe(204);
    expectNotFound(await world.t.admin('DELETE', path), rp.clientId);
  });

  it("signing out of one browser ends that browser's tokens and keeps the consent", async () => {
    const { tenant, rp, email } = await newGuest('sign-out@example.com');
    const browser = new HttpBrowser();
    const first = await signInUntilConsent(rp, email, browser);
    const tokens = await first.signIn.tokens((await allow(browser, first.page)).url);

    // RP-initiated logout, confirmed on oidc-provider's own page
    const confirm = await browser.go(
      `${world.t.url}/${tenant}/session/end?id_token_hint=${tokens.id_token ?? ''}`,
    );
    expect(heading(confirm)).toBe('Sign out');
    const form = /<form id="op\.logoutForm" method="post" action="([^"]+)">(.*?)<\/form>/.exec(
      confirm.html,
    );
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form?.[2] ?? '')?.[1] ?? '';
    await browser.go(form?.[1] ?? '', { form: { xsrf, logout: 'yes' } });
    expect((await introspect(world.t, tenant, rp, tokens.access_token)).active).toBe(false);

    const again = await signInUntilConsent(rp, email, browser);
    expect(isCallback(again.page.url)).toBe(true);
  });

  it('deleting or resetting the guest forgets what they allowed', async () => {
    const { tenant, rp } = await newTenant();
    const scope = tenantScope((await world.t.app.services.tenants.find(tenant))!);
    const { store, keys } = world.t.app.services;
    const ids: string[] = [];
    for (const email of ['reset-me@example.com', 'delete-me@example.com']) {
      const { guest } = await invite(world.t, tenant, email, { sendEmail: false });
      const signedIn = await signInUntilConsent(rp, email, new HttpBrowser());
      await allow(signedIn.signIn.browser, signedIn.page);
      expect((await consentsOf(tenant, guest.id)).body).toHaveLength(1);
      ids.push(guest.id);
    }
    const [resetId = '', deletedId = ''] = ids;

    const reset = await world.t.admin(
      'POST',
      `/tenants/${tenant}/guests/${resetId}/reset-redemption`,
    );
    expect(reset.body.consentsRevoked).toBe(1);
    expect((await consentsOf(tenant, resetId)).body).toEqual([]);

    expect((await world.t.admin('DELETE', `/tenants/${tenant}/guests/${deletedId}`)).status).toBe(
      204,
    );
    expect(await store.hgetall(keys.consents(scope, deletedId))).toEqual({});
    expect((await consentsOf(tenant, deletedId)).status).toBe(404);
  });

  it('an unknown guest is 404 naming it', async () => {
    const { tenant, rp } = await newTenant();
    expectNotFound(await consentsOf(tenant, 'no-such-guest'), 'no-such-guest');
    expectNotFound(
      await world.t.admin(
        'DELETE',
        `/tenants/${tenant}/guests/no-such-guest/consents/${rp.clientId}`,
      ),
      'no-such-guest',
    );
  });
});

describe('guestpass guest consents and revoke-consent', () => {
  it('lists the clients a guest allowed and revokes one', async () => {
    const cli = cliFor(world.t.url, world.t.adminToken);
    const { tenant, rp, email, invitation } = await newGuest('cli-consent@example.com');
    const { guest } = invitation;
    const signedIn = await signInUntilConsent(rp, email, new HttpBrowser());
    await allow(signedIn.signIn.browser, signedIn.page);

    const listed = await cli(['guest', 'consents', tenant, email]);
    expect({ code: listed.code, stderr: listed.stderr }).toEqual({ code: 0, stderr: '' });
    const [header, ...rows] = listed.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^CLIENT\s+SCOPES\s+GRANTED\s+UPDATED$/);
    expect(rows).toEqual([
      expect.stringMatching(new RegExp(`^${rp.clientId}\\s+openid, email\\s`)),
    ]);

    const revoked = await cli(['guest', 'revoke-consent', tenant, guest.id, rp.clientId]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(
      `Revoked the consent of guest ${guest.id} to client ${rp.clientId}.`,
    );
    expect((await cli(['guest', 'consents', tenant, guest.id])).stdout).toContain(
      'has allowed no client',
    );
    const again = await cli(['guest', 'revoke-consent', tenant, guest.id, rp.clientId]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(rp.clientId);
  });
});
