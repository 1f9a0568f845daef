import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFederationWorld } from '../support/federation-world.js';
import type { FederationWorld } from '../support/federation-world.js';
import { invite, isCallback, latestCode, relyingParty, SignIn } from '../support/guest-journey.js';
import type { RelyingParty } from '../support/guest-journey.js';
import { heading, HttpBrowser, postFormOf } from '../support/http-browser.js';
import type { Page } from '../support/http-browser.js';
import { uniqueId } from '../support/shared-state.js';
import { mailSettled } from '../support/mail-settled.js';

/**
 * Item 16: every form of the journey carries a per-interaction CSRF token and every POST is
 * refused without it, so a same-site page that knows the interaction id (and rides on the
 * guest's SameSite=Lax cookies) cannot submit consent or any other action.
 */
let world: FederationWorld;
let rp: RelyingParty;
let tenant: string;

beforeAll(async () => {
  world = await startFederationWorld([
    { sub: 'u-una', email: 'una@partner.example', email_verified: false },
  ]);
  tenant = uniqueId('fabrikam');
  rp = await relyingParty(world.t, tenant, { displayName: 'Fabrikam' });
  await world.setRules(tenant, [{ id: 'partner', domains: ['partner.example'] }]);
});
afterAll(async () => world.close());

/** every POST form on the page: its action and its hidden fields */
function postForms(page: Page) {
  return [...page.html.matchAll(/<form\s+method="post"\s+action="([^"]+)"/g)].map((m) => {
    const action = (m[1] ?? '').split('/').at(-1) ?? '';
    return { action, hidden: postFormOf(page, action).hidden };
  });
}

/** The form posts the guest's own browser (same cookies) would make, minus or with a token. */
async function forged(browser: HttpBrowser, page: Page, action: string, fields = {}) {
  const target = new URL(postFormOf(page, action).action, page.url).href;
  return browser.request(target, { form: fields });
}

const tokenOf = (page: Page, action: string) => postFormOf(page, action).hidden.csrf ?? '';

/** A guest signed in up to the consent page (first sign-in: accept, then consent). */
async function atConsent(email: string) {
  await invite(world.t, tenant, email);
  const signIn = new SignIn(rp);
  const { browser } = signIn;
  const pages: Page[] = [];
  const identify = await signIn.start();
  pages.push(identify);
  const send = await browser.submit(identify, 'identify', { email });
  pages.push(send);
  const enter = await browser.submit(send, 'send');
  pages.push(enter);
  const accept = await browser.submit(enter, 'verify', {
    code: await latestCode(world.sendgrid, email),
  });
  pages.push(accept);
  expect(heading(accept)).toBe('Accept invitation');
  const consent = await browser.submit(accept, 'accept', { decision: 'accept' });
  pages.push(consent);
  expect(heading(consent)).toBe('Allow access?');
  return { signIn, browser, pages, consent };
}

describe('CSRF tokens on the journey forms', () => {
  it('every POST form of every page (sign in, send code, enter code, accept, consent) carries the interaction token', async () => {
    const { pages } = await atConsent(`${uniqueId('forms')}@example.com`);
    const headings = pages.map(heading);
    expect(headings).toEqual([
      'Sign in',
      'Verify your email',
      'Enter code',
      'Accept invitation',
      'Allow access?',
    ]);
    const uid = /\/interaction\/([\w-]+)/.exec(pages[0]!.html)?.[1];
    for (const page of pages) {
      const forms = postForms(page);
      expect(forms.length).toBeGreaterThan(0);
      for (const form of forms) expect(form.hidden.csrf).toMatch(/^[\w-]{43}$/);
    }
    // one token per interaction: the same on every page of the login interaction
    const loginTokens = new Set(
      pages.slice(0, 4).flatMap((p) => postForms(p).map((f) => f.hidden.csrf)),
    );
    expect(loginTokens.size).toBe(1);
    // and never the interaction id itself
    expect([...loginTokens][0]).not.toBe(uid);
  });

  it('consent posted by the guest’s own browser without the token is refused (403, a proper page) and grants nothing', async () => {
    const { browser, consent } = await atConsent(`${uniqueId('consent')}@example.com`);
    const refused = await forged(browser, consent, 'consent', { decision: 'allow' });
    expect(refused.status).toBe(403);
    expect(heading(refused)).toBe('Form not accepted');
    expect(refused.html).toContain('csrf_failed');
    expect(refused.headers.get('location')).toBeNull();

    const wrong = await forged(browser, consent, 'consent', {
      decision: 'allow',
      csrf: `${tokenOf(consent, 'consent').slice(0, -2)}AA`,
    });
    expect(wrong.status).toBe(403);

    // the interaction is where it was: the real form still works, once
    const again = await browser.go(consent.url);
    expect(heading(again)).toBe('Allow access?');
    const done = await browser.submit(again, 'consent', { decision: 'allow' }, isCallback);
    expect(isCallback(done.url)).toBe(true);
  });

  it('the token of another interaction (even the same guest’s) is refused on every action', async () => {
    const email = `${uniqueId('other')}@example.com`;
    await invite(world.t, tenant, email);
    const browser = new HttpBrowser();
    const first = await new SignIn(rp, browser).start();
    const second = await new SignIn(rp, browser).start();
    expect(heading(second)).toBe('Sign in');
    const otherToken = tokenOf(first, 'identify');
    expect(otherToken).not.toBe(tokenOf(second, 'identify'));
    const identifyUrl = new URL(postFormOf(second, 'identify').action, second.url).href;
    for (const action of ['identify', 'restart']) {
      const target = identifyUrl.replace(/\/identify$/, `/${action}`);
      const page = await browser.request(target, { form: { email, csrf: otherToken } });
      expect({ action, status: page.status }).toEqual({ action, status: 403 });
    }
    // and the send step is not reached: the interaction still asks for the address
    expect(heading(await browser.go(second.url))).toBe('Sign in');
    const send = await browser.submit(second, 'identify', { email });
    expect(heading(send)).toBe('Verify your email');
    await mailSettled();
    const mails = world.sendgrid.requests.length;
    const noToken = await forged(browser, send, 'send');
    expect(noToken.status).toBe(403);
    await mailSettled();
    expect(world.sendgrid.requests.length).toBe(mails);
  });

  it('the "Use a different email" button of an error page (federation failed) carries the token too', async () => {
    const browser = new HttpBrowser();
    const signIn = new SignIn(rp, browser);
    const identify = await signIn.start();
    const failed = await browser.submit(identify, 'identify', { email: 'una@partner.example' });
    expect(heading(failed)).toBe('Sign-in did not work');
    expect(tokenOf(failed, 'restart')).toBe(tokenOf(identify, 'identify'));
    expect((await forged(browser, failed, 'restart')).status).toBe(403);
    const restarted = await browser.submit(failed, 'restart');
    expect(heading(restarted)).toBe('Sign in');
  });
});
