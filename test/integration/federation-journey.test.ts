import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { heading, HttpBrowser } from '../support/http-browser.js';
import type { Page } from '../support/http-browser.js';
import {
  invite,
  isCallback,
  passcodeSignIn,
  relyingParty,
  SignIn,
} from '../support/guest-journey.js';
import type { RelyingParty } from '../support/guest-journey.js';
import { startFederationWorld } from '../support/federation-world.js';
import type { FederationWorld } from '../support/federation-world.js';

let world: FederationWorld;
let rp: RelyingParty;

beforeAll(async () => {
  world = await startFederationWorld([
    { sub: 'u-alice', email: 'alice@partner.example', email_verified: true, name: 'Alice' },
    { sub: 'u-unverified', email: 'una@partner.example', email_verified: false },
    { sub: 'u-mallory', email: 'mallory@partner.example', email_verified: true },
    { sub: 'u-dave', email: 'dave@partner.example', email_verified: true },
    { sub: 'u-erin', email: 'erin@partner.example', email_verified: true },
    { sub: 'u-stranger', email: 'stranger@partner.example', email_verified: true },
  ]);
  rp = await relyingParty(world.t, 'fabrikam', { displayName: 'Fabrikam' });
  await world.setRules('fabrikam', [{ id: 'partner', domains: ['partner.example'] }]);
});
afterAll(async () => world.close());

/** From the RP's sign-in link through the upstream IdP back to Guestpass (or the RP). */
async function federatedSignIn(email: string, browser = new HttpBrowser()) {
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

const guestOf = async (id: string) =>
  (await world.t.admin('GET', `/tenants/fabrikam/guests/${id}`)).body;

describe('Federation first: a guest whose domain has a rule signs in at their own IdP', () => {
  it('goes to the upstream IdP (code, PKCE S256, state, nonce, login_hint) and comes back signed in: amr fed, idp = the upstream issuer', async () => {
    const invitation = await invite(world.t, 'fabrikam', 'alice@partner.example');
    const { signIn, browser, page } = await federatedSignIn('alice@partner.example');
    const request = world.upstream.authorizationRequests.at(-1);
    expect(request).toMatchObject({
      response_type: 'code',
      code_challenge_method: 'S256',
      login_hint: 'alice@partner.example',
      client_id: 'guestpass-fabrikam',
      redirect_uri: `${world.t.url}/fabrikam/federation/callback`,
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
    expect(await guestOf(invitation.guest.id)).toMatchObject({
      state: 'accepted',
      authMethod: 'federation',
      federation: { issuer: world.upstream.issuer, subject: 'u-alice' },
      redeemedAt: expect.any(String),
    });
    // no passcode was mailed
    expect(JSON.stringify(world.sendgrid.requests.map((r) => r.body))).not.toMatch(
      /verification code[\s\S]*alice@partner/i,
    );
  });

  it('a guest whose domain matches no rule gets the passcode, exactly as before', async () => {
    await invite(world.t, 'fabrikam', 'bob@elsewhere.example');
    const { page } = await federatedSignIn('bob@elsewhere.example');
    expect(heading(page)).toBe('Verify your email');
  });

  it('Sticky method: a passcode guest stays on passcodes after their domain gets a rule', async () => {
    await invite(world.t, 'fabrikam', 'carol@later.example');
    await passcodeSignIn(world, new SignIn(rp), 'carol@later.example');
    await world.setRules('fabrikam', [
      { id: 'partner', domains: ['partner.example'] },
      { id: 'later', domains: ['later.example'] },
    ]);
    const { page } = await federatedSignIn('carol@later.example');
    expect(heading(page)).toBe('Verify your email');
    const explained = await world.t.admin(
      'GET',
      '/tenants/fabrikam/federation/resolve?email=carol@later.example',
    );
    expect(explained.body).toMatchObject({
      method: 'otp',
      reason: 'sticky: redeemed with passcode',
    });
  });

  it('Sticky method: a federated guest keeps their IdP when passcodes are turned off or their domain moves to another rule', async () => {
    // alice redeemed with federation in the first test
    const signsIn = async () => {
      const { signIn, browser, page } = await federatedSignIn('alice@partner.example');
      const callback = await finish(browser, page);
      expect(isCallback(callback.url)).toBe(true);
      expect((await signIn.tokens(callback.url)).claims()).toMatchObject({
        amr: ['fed'],
        idp: world.upstream.issuer,
      });
    };
    await world.t.admin('PUT', '/tenants/fabrikam/policy', { emailOtp: { enabled: false } });
    try {
      await signsIn();
    } finally {
      await world.t.admin('PUT', '/tenants/fabrikam/policy', { emailOtp: { enabled: true } });
    }
    await world.setRules('fabrikam', [
      { id: 'partner-renamed', domains: ['partner-renamed.example'] },
      { id: 'later', domains: ['later.example'] },
    ]);
    try {
      const explained = await world.t.admin(
        'GET',
        '/tenants/fabrikam/federation/resolve?email=alice@partner.example',
      );
      expect(explained.body).toMatchObject({
        method: 'federation',
        reason: `sticky: redeemed with ${world.upstream.issuer} (rule partner-renamed)`,
        rule: { id: 'partner-renamed', source: 'tenant' },
      });
      await signsIn();
    } finally {
      await world.setRules('fabrikam', [
        { id: 'partner', domains: ['partner.example'] },
        { id: 'later', domains: ['later.example'] },
      ]);
    }
  });

  it('refuses a first redemption whose upstream email is not verified, and records nothing', async () => {
    const invitation = await invite(world.t, 'fabrikam', 'una@partner.example');
    const { page } = await federatedSignIn('una@partner.example');
    expect(page.status).toBe(403);
    expect(heading(page)).toBe('Sign-in did not work');
    expect(page.html).toContain('did not confirm your email address');
    expect(await guestOf(invitation.guest.id)).toMatchObject({
      state: 'pendingAcceptance',
      authMethod: null,
    });
  });

  it('refuses a first redemption whose upstream email is not the invited one', async () => {
    const invitation = await invite(world.t, 'fabrikam', 'victim@partner.example');
    world.upstream.signInAs('u-mallory');
    try {
      const { page } = await federatedSignIn('victim@partner.example');
      expect(page.status).toBe(403);
      expect(page.html).toContain('is not the address Fabrikam invited');
      expect(await guestOf(invitation.guest.id)).toMatchObject({ state: 'pendingAcceptance' });
    } finally {
      world.upstream.signInAs(undefined);
    }
  });

  it('after redemption the guest is bound to (iss, sub): another sub with the same email is refused; the same sub with a changed email still signs in', async () => {
    const invitation = await invite(world.t, 'fabrikam', 'dave@partner.example');
    const first = await federatedSignIn('dave@partner.example');
    await finish(first.browser, first.page);
    expect(await guestOf(invitation.guest.id)).toMatchObject({ federation: { subject: 'u-dave' } });

    // an impostor account upstream with the same email, another sub
    world.upstream.accounts.set('u-impostor', {
      sub: 'u-impostor',
      email: 'dave@partner.example',
      email_verified: true,
    });
    world.upstream.signInAs('u-impostor');
    try {
      const { page } = await federatedSignIn('dave@partner.example');
      expect(page.status).toBe(403);
      expect(page.html).toContain('is not the one you accepted');
    } finally {
      world.upstream.signInAs(undefined);
    }

    // the real account changed its email upstream
    world.upstream.accounts.set('u-dave', {
      sub: 'u-dave',
      email: 'dave.new@partner.example',
      email_verified: true,
    });
    world.upstream.signInAs('u-dave');
    try {
      const { signIn, browser, page } = await federatedSignIn('dave@partner.example');
      const callback = await finish(browser, page);
      expect(isCallback(callback.url)).toBe(true);
      expect((await signIn.tokens(callback.url)).claims()).toMatchObject({
        sub: invitation.guest.id,
        email: 'dave@partner.example',
      });
    } finally {
      world.upstream.signInAs(undefined);
    }
  });

  it('refuses an authorization response whose iss is not the configured issuer (mix-up, RFC 9207)', async () => {
    const invitation = await invite(world.t, 'fabrikam', 'erin@partner.example');
    const browser = new HttpBrowser();
    const signIn = new SignIn(rp, browser);
    const identify = await signIn.start();
    const atCallback = await browser.submit(
      identify,
      'identify',
      { email: 'erin@partner.example' },
      (url) => url.startsWith(`${world.t.url}/fabrikam/federation/callback`),
    );
    const forged = new URL(atCallback.url);
    expect(forged.searchParams.get('iss')).toBe(world.upstream.issuer);
    forged.searchParams.set('iss', 'https://evil.example');
    const page = await browser.go(forged.href);
    expect(page.status).toBe(403);
    expect(heading(page)).toBe('Sign-in did not work');
    expect(await guestOf(invitation.guest.id)).toMatchObject({ state: 'pendingAcceptance' });
  });

  it('an upstream that answers with an error gets a clear page naming the organization; nothing is redeemed', async () => {
    const invitation = await invite(world.t, 'fabrikam', 'stranger@partner.example');
    world.upstream.behave('deny');
    try {
      const { page } = await federatedSignIn('stranger@partner.example');
      expect(page.status).toBe(403);
      expect(page.html).toContain('cancelled or refused');
      expect(page.html).toContain('Fabrikam');
      expect(await guestOf(invitation.guest.id)).toMatchObject({ state: 'pendingAcceptance' });
    } finally {
      world.upstream.behave('login');
    }
  });

  it('An uninvited address with a federated domain gets nothing more than an invited one would reveal', async () => {
    const walk = async (email: string, as: string) => {
      world.upstream.signInAs(as);
      try {
        const { page } = await federatedSignIn(email);
        return [
          page.status,
          heading(page),
          page.html.replaceAll(email, 'EMAIL').replace(/interaction\/[\w-]+/g, 'interaction/UID'),
        ];
      } finally {
        world.upstream.signInAs(undefined);
      }
    };
    await invite(world.t, 'fabrikam', 'invited2@partner.example');
    // both sign in upstream as an account that is not theirs: the same page either way
    expect(await walk('nobody@partner.example', 'u-stranger')).toEqual(
      await walk('invited2@partner.example', 'u-stranger'),
    );
  });

  it('the sign-in log records the resolution reason of every real decision', async () => {
    const log = await world.t.admin('GET', '/tenants/fabrikam/sign-ins?limit=500');
    const details = (log.body.items as { reason: string; detail?: string }[])
      .filter((i) => i.reason === 'resolved')
      .map((i) => i.detail);
    expect(details).toContain('rule partner: domain partner.example');
    expect(details).toContain('passcode: no rule matches');
    expect(details).toContain('sticky: redeemed with passcode');
  });
});
