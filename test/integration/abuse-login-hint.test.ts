import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  identifyAndSend,
  invite,
  isCallback,
  latestCode,
  passcodeSignIn,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { heading, HttpBrowser } from '../support/http-browser.js';
import type { Page } from '../support/http-browser.js';
import { uniqueId } from '../support/shared-state.js';

/**
 * Item 7: a relying party's login_hint (or id_token_hint) naming another guest than the one
 * signed in is never answered with the session's guest: the journey runs for the hinted
 * address instead.
 */
let world: JourneyWorld;
let rp: RelyingParty;
const tenant = uniqueId('fabrikam');

beforeAll(async () => {
  world = await startJourneyWorld({
    OTP_RESEND_COOLDOWN_SECONDS: '0',
    RATE_LIMIT_SENDS_PER_IP: '10000000',
    RATE_LIMIT_VERIFIES_PER_IP: '10000000',
  });
  // skip_consent: the second sign-in of a guest needs no page at all, as SSO does
  rp = await relyingParty(world.t, tenant, { displayName: 'Fabrikam', skipConsent: true });
});
afterAll(async () => world.close());

/** two invited guests, the first signed in (a session) in a browser of its own */
async function signedInAsX() {
  const x = `${uniqueId('xavier')}@example.com`;
  const y = `${uniqueId('yvonne')}@example.com`;
  const guestX = (await invite(world.t, tenant, x)).guest;
  const guestY = (await invite(world.t, tenant, y)).guest;
  const browser = new HttpBrowser();
  await passcodeSignIn(world, new SignIn(rp, browser), x);
  return { x, y, guestX, guestY, browser };
}

/**
 * After the journey proved another guest than the session's, oidc-provider ends the old
 * session first: a page that posts itself (with JavaScript) to its end-session confirmation,
 * which comes back to the authorization and signs the new guest in. A browser without
 * JavaScript presses its button.
 */
async function throughAccountSwitch(browser: HttpBrowser, page: Page) {
  if (!page.html.includes('/session/end/confirm')) return page;
  return browser.submit(page, 'confirm', {}, isCallback);
}

/** after the code: accept the invitation the first time, and the switch of guests */
async function finishAs(browser: HttpBrowser, page: Page) {
  let done = page;
  if (heading(done) === 'Accept invitation')
    done = await browser.submit(done, 'accept', { decision: 'accept' }, isCallback);
  return throughAccountSwitch(browser, done);
}

const strong = (page: Page) => /<strong>([^<]*)<\/strong>/.exec(page.html)?.[1];

async function subjectOf(signIn: SignIn, callback: string) {
  return (await signIn.tokens(callback)).claims()?.sub;
}

/** the journey runs for `email` (its Send code page names it); that guest proves it and is signed in */
async function journeyRunsFor(
  signIn: SignIn,
  params: Record<string, string>,
  email: string,
  guestId: string,
) {
  const { browser } = signIn;
  const page = await signIn.start(params);
  expect(isCallback(page.url)).toBe(false);
  expect(heading(page)).toBe('Verify your email');
  expect(strong(page)).toBe(email);
  const enter = await browser.submit(page, 'send');
  const code = await latestCode(world.sendgrid, email);
  const done = await finishAs(browser, await browser.submit(enter, 'verify', { code }, isCallback));
  expect(isCallback(done.url)).toBe(true);
  expect(await subjectOf(signIn, done.url)).toBe(guestId);
}

describe('a hint naming another guest than the session’s', () => {
  it('a session of X with no hint signs X in silently (single sign-on still works)', async () => {
    const { guestX, browser } = await signedInAsX();
    const signIn = new SignIn(rp, browser);
    const page = await signIn.start();
    expect(isCallback(page.url)).toBe(true);
    expect(await subjectOf(signIn, page.url)).toBe(guestX.id);
  });

  it('login_hint equal to X (in another case) still signs X in silently', async () => {
    const { x, guestX, browser } = await signedInAsX();
    const signIn = new SignIn(rp, browser);
    const page = await signIn.start({ login_hint: x.toUpperCase() });
    expect(isCallback(page.url)).toBe(true);
    expect(await subjectOf(signIn, page.url)).toBe(guestX.id);
  });

  it('login_hint=Y while X is signed in shows the journey for Y, and signs Y in once Y proves it', async () => {
    const { y, guestY, browser } = await signedInAsX();
    await journeyRunsFor(new SignIn(rp, browser), { login_hint: y }, y, guestY.id);
  });

  it('login_hint=Y with prompt=none answers login_required, never X', async () => {
    const { y, browser } = await signedInAsX();
    const signIn = new SignIn(rp, browser);
    const page = await signIn.start({ login_hint: y, prompt: 'none' });
    expect(isCallback(page.url)).toBe(true);
    const answer = new URL(page.url).searchParams;
    expect(answer.get('error')).toBe('login_required');
    expect(answer.get('code')).toBeNull();
  });

  it('the guest may decline the hint ("Use a different email") and sign in as X: no loop', async () => {
    const { x, y, guestX, browser } = await signedInAsX();
    const signIn = new SignIn(rp, browser);
    const send = await signIn.start({ login_hint: y });
    expect(strong(send)).toBe(y);
    const identify = await browser.submit(send, 'restart');
    expect(heading(identify)).toBe('Sign in');
    const enter = await identifyAndSend(browser, identify, x);
    const done = await browser.submit(
      enter,
      'verify',
      { code: await latestCode(world.sendgrid, x) },
      isCallback,
    );
    expect(isCallback(done.url)).toBe(true);
    expect(await subjectOf(signIn, done.url)).toBe(guestX.id);
  });

  it('id_token_hint of Y while X is signed in shows the journey for Y, not X’s', async () => {
    const { y, guestY, browser } = await signedInAsX();
    // Y signed in elsewhere: the relying party holds an ID token of Y
    const elsewhere = new SignIn(rp);
    const idToken = (await elsewhere.tokens(await passcodeSignIn(world, elsewhere, y))).id_token;
    expect(idToken).toEqual(expect.any(String));

    await journeyRunsFor(new SignIn(rp, browser), { id_token_hint: idToken! }, y, guestY.id);
  });
});
