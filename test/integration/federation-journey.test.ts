import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { heading, HttpBrowser } from '../support/http-browser.js';
import type { Page } from '../support/http-browser.js';
import {
  invite,
  isCallback,
  mailsTo,
  passcodeSignIn,
  relyingParty,
  SignIn,
} from '../support/guest-journey.js';
import type { RelyingParty } from '../support/guest-journey.js';
import { startFederationWorld } from '../support/federation-world.js';
import type { FederationWorld } from '../support/federation-world.js';
import { uniqueId } from '../support/shared-state.js';

let world: FederationWorld;

beforeAll(async () => {
  world = await startFederationWorld([
    { sub: 'u-alice', email: 'alice@partner.example', email_verified: true, name: 'Alice' },
    { sub: 'u-unverified', email: 'una@partner.example', email_verified: false },
    { sub: 'u-mallory', email: 'mallory@partner.example', email_verified: true },
    { sub: 'u-dave', email: 'dave@partner.example', email_verified: true },
    { sub: 'u-erin', email: 'erin@partner.example', email_verified: true },
    { sub: 'u-stranger', email: 'stranger@partner.example', email_verified: true },
  ]);
});
afterAll(async () => world.close());

/**
 * The calling test's own tenant "Fabrikam" (a fresh id each time: its guests, rules, policy
 * and sign-in log are the test's alone), its relying party, and the rule `partner` that sends
 * partner.example to the upstream IdP. The upstream accounts are shared: each tenant has its
 * own guest for the same upstream account.
 */
async function newTenant(): Promise<{ tenant: string; rp: RelyingParty }> {
  const tenant = uniqueId('fabrikam');
  const rp = await relyingParty(world.t, tenant, { displayName: 'Fabrikam' });
  await world.setRules(tenant, [{ id: 'partner', domains: ['partner.example'] }]);
  return { tenant, rp };
}

/** From the RP's sign-in link through the upstream IdP back to Guestpass (or the RP). */
async function federatedSignIn(rp: RelyingParty, email: string, browser = new HttpBrowser()) {
  const signIn = new SignIn(rp, browser);
  const identify = await signIn.start();
  const page = await browser.submit(identify, 'identify', { email }, isCallback);
  return { signIn, browser, page };
}

async function finish(browser: HttpBrowser, page: Page) {
  let current = page;
  if (heading(current) === 'Accept invitation')
    current = await browser.submit(current, 'accept', { decision: 'accept' }, isCallback);
  if (heading(current) === 'Allow access?')
    current = await browser.submit(current, 'consent', { decision: 'allow' }, isCallback);
  return current;
}

const guestOf = async (tenant: string, id: string) =>
  (await world.t.admin('GET', `/tenants/${tenant}/guests/${id}`)).body;

const explain = async (tenant: string, email: string) =>
  (await world.t.admin('GET', `/tenants/${tenant}/federation/resolve?email=${email}`)).body;

/** A guest who redeemed at the upstream IdP (invited, signed in there, accepted, allowed). */
async function redeemedFederated(tenant: string, rp: RelyingParty, email: string) {
  const invitation = await invite(world.t, tenant, email);
  const { browser, page } = await federatedSignIn(rp, email);
  expect(isCallback((await finish(browser, page)).url)).toBe(true);
  expect(await guestOf(tenant, invitation.guest.id)).toMatchObject({ authMethod: 'federation' });
  return invitation;
}

describe('Federation first: a guest whose domain has a rule signs in at their own IdP', () => {
  it('goes to the upstream IdP (code, PKCE S256, state, nonce, login_hint) and comes back signed in: amr fed, idp = the upstream issuer', async () => {
    const { tenant, rp } = await newTenant();
    const invitation = await invite(world.t, tenant, 'alice@partner.example');
    const mailsBefore = await mailsTo(world.sendgrid, 'alice@partner.example');
    const { signIn, browser, page } = await federatedSignIn(rp, 'alice@partner.example');
    const request = world.upstream.authorizationRequests.at(-1);
    expect(request).toMatchObject({
      response_type: 'code',
      code_challenge_method: 'S256',
      login_hint: 'alice@partner.example',
      client_id: `guestpass-${tenant}`,
      redirect_uri: `${world.t.url}/${tenant}/federation/callback`,
    });
    expect(request?.state).toEqual(expect.any(String));
    expect(request?.nonce).toEqual(expect.any(String));
    expect(heading(page)).toBe('Accept invitation');
    const callback = await finish(browser, page);
    expect(isCallback(callback.url)).toBe(true);
    const claims = (await signIn.tokens(callback.url)).claims();
    expect(claims).toMatchObject({
      sub: invitation.guest.id,
      email: 'alice@partner.example',
      email_verified: true,
      amr: ['fed'],
      idp: world.upstream.issuer,
    });
    expect(await guestOf(tenant, invitation.guest.id)).toMatchObject({
      state: 'accepted',
      authMethod: 'federation',
      federation: { issuer: world.upstream.issuer, subject: 'u-alice' },
      redeemedAt: expect.any(String),
    });
    // no passcode was mailed: the sign-in sent nothing to the guest
    expect(await mailsTo(world.sendgrid, 'alice@partner.example')).toBe(mailsBefore);
  });

  it('a guest whose domain matches no rule gets the passcode, exactly as before', async () => {
    const { tenant, rp } = await newTenant();
    await invite(world.t, tenant, 'bob@elsewhere.example');
    const { page } = await federatedSignIn(rp, 'bob@elsewhere.example');
    expect(heading(page)).toBe('Verify your email');
  });

  it('Sticky method: a passcode guest stays on passcodes after their domain gets a rule', async () => {
    const { tenant, rp } = await newTenant();
    await invite(world.t, tenant, 'carol@later.example');
    await passcodeSignIn(world, new SignIn(rp), 'carol@later.example');
    await world.setRules(tenant, [
      { id: 'partner', domains: ['partner.example'] },
      { id: 'later', domains: ['later.example'] },
    ]);
    const { page } = await federatedSignIn(rp, 'carol@later.example');
    expect(heading(page)).toBe('Verify your email');
    expect(await explain(tenant, 'carol@later.example')).toMatchObject({
      method: 'otp',
      reason: 'sticky: redeemed with passcode',
    });
    // an address of that domain that never redeemed follows the new rule
    expect(await explain(tenant, 'dan@later.example')).toMatchObject({
      method: 'federation',
      reason: 'rule later: domain later.example',
    });
  });

  it('Sticky method: a federated guest keeps their IdP when passcodes are turned off or their domain moves to another rule', async () => {
    const { tenant, rp } = await newTenant();
    await redeemedFederated(tenant, rp, 'alice@partner.example');
    const signsIn = async () => {
      const { signIn, browser, page } = await federatedSignIn(rp, 'alice@partner.example');
      const callback = await finish(browser, page);
      expect(isCallback(callback.url)).toBe(true);
      expect((await signIn.tokens(callback.url)).claims()).toMatchObject({
        amr: ['fed'],
        idp: world.upstream.issuer,
      });
    };
    expect(
      (await world.t.admin('PUT', `/tenants/${tenant}/policy`, { emailOtp: { enabled: false } }))
        .status,
    ).toBe(200);
    await signsIn();

    await world.setRules(tenant, [
      { id: 'partner-renamed', domains: ['partner-renamed.example'] },
      { id: 'later', domains: ['later.example'] },
    ]);
    expect(await explain(tenant, 'alice@partner.example')).toMatchObject({
      method: 'federation',
      reason: `sticky: redeemed with ${world.upstream.issuer} (rule partner-renamed)`,
      rule: { id: 'partner-renamed', source: 'tenant' },
    });
    await signsIn();
  });

  it('refuses a first redemption whose upstream email is not verified, and records nothing', async () => {
    const { tenant, rp } = await newTenant();
    const invitation = await invite(world.t, tenant, 'una@partner.example');
    const { page } = await federatedSignIn(rp, 'una@partner.example');
    expect(page.status).toBe(403);
    expect(heading(page)).toBe('Sign-in did not work');
    expect(page.html).toContain('did not confirm your email address');
    expect(await guestOf(tenant, invitation.guest.id)).toMatchObject({
      state: 'pendingAcceptance',
      authMethod: null,
    });
  });

  it('refuses a first redemption whose upstream email is not the invited one', async () => {
    const { tenant, rp } = await newTenant();
    const invitation = await invite(world.t, tenant, 'victim@partner.example');
    world.upstream.signInAs('u-mallory');
    try {
      const { page } = await federatedSignIn(rp, 'victim@partner.example');
      expect(page.status).toBe(403);
      expect(page.html).toContain('is not the address Fabrikam invited');
      expect(await guestOf(tenant, invitation.guest.id)).toMatchObject({
        state: 'pendingAcceptance',
      });
    } finally {
      world.upstream.signInAs(undefined);
    }
  });

  it('after redemption the guest is bound to (iss, sub): another sub with the same email is refused; the same sub with a changed email still signs in', async () => {
    const { tenant, rp } = await newTenant();
    // upstream accounts of this test's own: it changes them
    const email = `${uniqueId('dave')}@partner.example`;
    const dave = uniqueId('u-dave');
    const impostor = uniqueId('u-impostor');
    world.upstream.accounts.set(dave, { sub: dave, email, email_verified: true });
    const invitation = await redeemedFederated(tenant, rp, email);
    expect(await guestOf(tenant, invitation.guest.id)).toMatchObject({
      federation: { subject: dave },
    });

    // an impostor account upstream with the same email, another sub
    world.upstream.accounts.set(impostor, { sub: impostor, email, email_verified: true });
    world.upstream.signInAs(impostor);
    try {
      const { page } = await federatedSignIn(rp, email);
      expect(page.status).toBe(403);
      expect(page.html).toContain('is not the one you accepted');
    } finally {
      world.upstream.signInAs(undefined);
    }

    // the real account changed its email upstream
    world.upstream.accounts.set(dave, {
      sub: dave,
      email: `new.${email}`,
      email_verified: true,
    });
    world.upstream.signInAs(dave);
    try {
      const { signIn, browser, page } = await federatedSignIn(rp, email);
      const callback = await finish(browser, page);
      expect(isCallback(callback.url)).toBe(true);
      expect((await signIn.tokens(callback.url)).claims()).toMatchObject({
        sub: invitation.guest.id,
        email,
      });
    } finally {
      world.upstream.signInAs(undefined);
    }
  });

  it('refuses an authorization response whose iss is not the configured issuer (mix-up, RFC 9207)', async () => {
    const { tenant, rp } = await newTenant();
    const invitation = await invite(world.t, tenant, 'erin@partner.example');
    const browser = new HttpBrowser();
    const signIn = new SignIn(rp, browser);
    const identify = await signIn.start();
    const atCallback = await browser.submit(
      identify,
      'identify',
      { email: 'erin@partner.example' },
      (url) => url.startsWith(`${world.t.url}/${tenant}/federation/callback`),
    );
    const forged = new URL(atCallback.url);
    expect(forged.searchParams.get('iss')).toBe(world.upstream.issuer);
    forged.searchParams.set('iss', 'https://evil.example');
    const page = await browser.go(forged.href);
    expect(page.status).toBe(403);
    expect(heading(page)).toBe('Sign-in did not work');
    expect(await guestOf(tenant, invitation.guest.id)).toMatchObject({
      state: 'pendingAcceptance',
    });
  });

  it('an upstream that answers with an error gets a clear page naming the organization; nothing is redeemed', async () => {
    const { tenant, rp } = await newTenant();
    const invitation = await invite(world.t, tenant, 'stranger@partner.example');
    world.upstream.behave('deny');
    try {
      const { page } = await federatedSignIn(rp, 'stranger@partner.example');
      expect(page.status).toBe(403);
      expect(page.html).toContain('cancelled or refused');
      expect(page.html).toContain('Fabrikam');
      expect(await guestOf(tenant, invitation.guest.id)).toMatchObject({
        state: 'pendingAcceptance',
      });
    } finally {
      world.upstream.behave('login');
    }
  });

  it('An uninvited address with a federated domain gets nothing more than an invited one would reveal', async () => {
    const { tenant, rp } = await newTenant();
    const walk = async (email: string, as: string) => {
      world.upstream.signInAs(as);
      try {
        const { page } = await federatedSignIn(rp, email);
        return [
          page.status,
          heading(page),
          page.html
            .replaceAll(email, 'EMAIL')
            .replace(/interaction\/[\w-]+/g, 'interaction/UID')
            // the form's CSRF token is bound to the interaction: it differs for any two
            .replace(/name="csrf" value="[\w-]*"/g, 'name="csrf" value="CSRF"'),
        ];
      } finally {
        world.upstream.signInAs(undefined);
      }
    };
    await invite(world.t, tenant, 'invited2@partner.example');
    // both sign in upstream as an account that is not theirs: the same page either way
    expect(await walk('nobody@partner.example', 'u-stranger')).toEqual(
      await walk('invited2@partner.example', 'u-stranger'),
    );
  });

  it('the sign-in log records the resolution reason of every real decision', async () => {
    const { tenant, rp } = await newTenant();
    // a rule decides: a federated redemption
    await redeemedFederated(tenant, rp, 'alice@partner.example');
    // no rule: a passcode redemption
    await invite(world.t, tenant, 'carol@later.example');
    await passcodeSignIn(world, new SignIn(rp), 'carol@later.example');
    // the method the guest redeemed with sticks once their domain gets a rule
    await world.setRules(tenant, [
      { id: 'partner', domains: ['partner.example'] },
      { id: 'later', domains: ['later.example'] },
    ]);
    await federatedSignIn(rp, 'carol@later.example');

    const log = await world.t.admin('GET', `/tenants/${tenant}/sign-ins?limit=500`);
    expect(log.status).toBe(200);
    const details = (log.body.items as { reason: string; detail?: string }[])
      .filter((i) => i.reason === 'resolved')
      .map((i) => i.detail);
    expect(details).toContain('rule partner: domain partner.example');
    expect(details).toContain('passcode: no rule matches');
    expect(details).toContain('sticky: redeemed with passcode');
  });
});
