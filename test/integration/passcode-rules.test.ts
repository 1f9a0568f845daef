import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { tenantScope } from '../../src/directory/tenant.js';
import { ManualClock } from '../../src/util/clock.js';
import type { Clock } from '../../src/util/clock.js';
import { heading, HttpBrowser } from '../support/http-browser.js';
import type { Page } from '../support/http-browser.js';
import {
  codesTo,
  invite,
  latestCode,
  mailsTo,
  passcodeSignIn,
  redirectUri,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { testRedisUrl } from '../support/shared-state.js';
import { mailSettled } from '../support/mail-settled.js';

let world: JourneyWorld;
let rp: RelyingParty;
let other: RelyingParty;

/**
 * Time: every test moves a clock of its own (no sleeping, and no test sees another's time);
 * the apps ask whichever clock the running test set.
 */
let clock = new ManualClock();
const testClock: Clock = { now: () => clock.now() };
beforeEach(() => {
  clock = new ManualClock();
});

/**
 * Per-IP limits count every request of the whole file (all come from 127.0.0.1), so they are
 * out of reach here; the test of the per-IP limit has an app (and counters) of its own.
 */
const noPerIpLimits = {
  RATE_LIMIT_SENDS_PER_IP: '10000000',
  RATE_LIMIT_VERIFIES_PER_IP: '10000000',
};

beforeAll(async () => {
  // no resend cool-down here so tests can resend at once; the cool-down has its own test
  world = await startJourneyWorld(
    { OTP_RESEND_COOLDOWN_SECONDS: '0', OTP_RESEND_MAX: '50', ...noPerIpLimits },
    { clock: testClock },
  );
  rp = await relyingParty(world.t, 'fabrikam', { displayName: 'Fabrikam' });
  other = await relyingParty(world.t, 'contoso', { displayName: 'Contoso' });
});
afterAll(async () => world.close());

/** A new interaction for the address, through Send code; returns the enter-code page. */
async function codeSent(relyingParty: RelyingParty, email: string, browser = new HttpBrowser()) {
  const signIn = new SignIn(relyingParty, browser);
  const send = await signIn.start({ login_hint: email });
  expect(heading(send)).toBe('Verify your email');
  const enter = await browser.submit(send, 'send');
  return { signIn, browser, enter };
}

const submitCode = (browser: HttpBrowser, page: Page, code: string) =>
  browser.submit(page, 'verify', { code });
const errorText = (page: Page) =>
  (/<p class="error" role="alert"[^>]*>([\s\S]*?)<\/p>/.exec(page.html)?.[1]?.trim() ?? '')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('Passcodes', () => {
  it('a code is held in Redis with exactly OTP_TTL_SECONDS (1800 by default) and only as an HMAC', async () => {
    await invite(world.t, 'fabrikam', 'ttl@example.com');
    await codeSent(rp, 'ttl@example.com');
    const code = await latestCode(world.sendgrid, 'ttl@example.com');
    const tenant = await world.t.app.services.tenants.find('fabrikam');
    const key = world.t.app.services.passcodes.codeKey(
      tenantScope(tenant!),
      'ttl@example.com',
      code,
    );
    expect(await world.t.app.services.store.ttl(key)).toBe(1800);

    // nowhere in Redis, key or value, is the code or the address in plain text
    const redis = new Redis(testRedisUrl());
    try {
      const keys = await redis.keys(`${world.t.app.services.config.redisKeyPrefix}*otp*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const k of keys) {
        expect(k).not.toContain(code);
        expect(k).not.toContain('ttl@example.com');
        const type = await redis.type(k);
        if (type === 'hash') {
          // codes by their MAC, counters and instants: names hold no code, values only numbers
          const hash = await redis.hgetall(k);
          for (const [field, value] of Object.entries(hash)) {
            expect(field).not.toContain(code);
            expect(field).not.toContain('ttl@example.com');
            expect(value).toMatch(/^\d{1,15}$/);
          }
          continue;
        }
        const value =
          type === 'string'
            ? await redis.get(k)
            : type === 'set'
              ? (await redis.smembers(k)).join()
              : '';
        expect(value).not.toContain(code);
      }
    } finally {
      redis.disconnect();
    }
  });

  it('the mail says the code and that it expires in 30 minutes', async () => {
    await invite(world.t, 'fabrikam', 'mailtext@example.com');
    await codeSent(rp, 'mailtext@example.com');
    await mailSettled();
    const mail = world.sendgrid.requests.at(-1)?.body as {
      content: { type: string; value: string }[];
    };
    const text = mail.content.find((c) => c.type === 'text/plain')?.value ?? '';
    expect(text).toContain(await latestCode(world.sendgrid, 'mailtext@example.com'));
    expect(text).toMatch(/30 minutes/);
  });

  it('a used code is refused', async () => {
    await invite(world.t, 'fabrikam', 'used@example.com');
    const first = await codeSent(rp, 'used@example.com');
    const code = await latestCode(world.sendgrid, 'used@example.com');
    const second = await codeSent(rp, 'used@example.com');
    const done = await first.browser.submit(first.enter, 'verify', { code }, () => true);
    expect(heading(done)).toBe('Accept invitation');
    const refused = await submitCode(second.browser, second.enter, code);
    expect(refused.status).toBe(400);
    expect(heading(refused)).toBe('Enter code');
  });

  it('earlier unexpired codes stay valid after a resend (slow mail must not strand a guest)', async () => {
    await invite(world.t, 'fabrikam', 'slowmail@example.com');
    const { browser, enter } = await codeSent(rp, 'slowmail@example.com');
    const first = await latestCode(world.sendgrid, 'slowmail@example.com');
    const again = await browser.submit(enter, 'send');
    expect(await latestCode(world.sendgrid, 'slowmail@example.com')).not.toBe(first);
    const accepted = await submitCode(browser, again, first);
    expect(heading(accepted)).toBe('Accept invitation');
  });

  it('20 parallel submissions of one code give exactly one success', async () => {
    await invite(world.t, 'fabrikam', 'race@example.com');
    // 20 interactions of one guest, each at "Enter code"; all submit the first code at once
    const tabs = [];
    for (let i = 0; i < 20; i += 1) tabs.push(await codeSent(rp, 'race@example.com'));
    const [code = ''] = await codesTo(world.sendgrid, 'race@example.com');
    const results = await Promise.all(
      tabs.map(({ browser, enter }) => submitCode(browser, enter, code)),
    );
    expect(results.filter((r) => heading(r) === 'Accept invitation')).toHaveLength(1);
    expect(results.filter((r) => r.status === 400 && heading(r) === 'Enter code')).toHaveLength(19);
  });

  it('at most 5 wrong tries per code: the 6th try is refused even with the right code', async () => {
    await invite(world.t, 'fabrikam', 'tries@example.com');
    const { browser, enter } = await codeSent(rp, 'tries@example.com');
    const code = await latestCode(world.sendgrid, 'tries@example.com');
    const seen: string[] = [];
    for (let i = 0; i < 5; i += 1)
      seen.push(errorText(await submitCode(browser, enter, wrong(code))));
    expect(seen.slice(0, 4)).toEqual([
      "That code isn't right. You have 4 tries left.",
      "That code isn't right. You have 3 tries left.",
      "That code isn't right. You have 2 tries left.",
      "That code isn't right. You have 1 try left.",
    ]);
    expect(seen[4]).toBe('Too many wrong tries for this code. Send a new code.');
    const sixth = await submitCode(browser, enter, code);
    expect(sixth.status).toBe(400);
    expect(errorText(sixth)).toBe('Too many wrong tries for this code. Send a new code.');
  });

  it('a resend keeps the failure count: 20 consecutive failures lock passcode sign-in for a cool-down, never forever', async () => {
    await invite(world.t, 'fabrikam', 'budget@example.com');
    let { browser, enter } = await codeSent(rp, 'budget@example.com');
    let last: Page = enter;
    for (let failure = 1; failure <= 20; failure += 1) {
      last = await submitCode(
        browser,
        enter,
        wrong(await latestCode(world.sendgrid, 'budget@example.com')),
      );
      if (failure % 4 === 0 && failure < 20) enter = await browser.submit(enter, 'send');
    }
    expect(last.status).toBe(429);
    expect(heading(last)).toBe('Too many attempts');
    // locked: no new code either
    const locked = await codeSent(rp, 'budget@example.com');
    expect(locked.enter.status).toBe(429);
    expect(heading(locked.enter)).toBe('Too many attempts');
    clock.advance(899);
    expect(heading((await codeSent(rp, 'budget@example.com')).enter)).toBe('Too many attempts');
    clock.advance(1);
    ({ browser, enter } = await codeSent(rp, 'budget@example.com'));
    expect(heading(enter)).toBe('Enter code');
    expect(
      heading(
        await submitCode(browser, enter, await latestCode(world.sendgrid, 'budget@example.com')),
      ),
    ).toBe('Accept invitation');
  });

  it('Tenants are isolated: a code of tenant A fails at tenant B', async () => {
    await invite(world.t, 'fabrikam', 'both@example.com');
    await invite(world.t, 'contoso', 'both@example.com');
    await codeSent(rp, 'both@example.com');
    const codeOfA = await latestCode(world.sendgrid, 'both@example.com');
    const atB = await codeSent(other, 'both@example.com');
    const refused = await submitCode(atB.browser, atB.enter, codeOfA);
    expect(refused.status).toBe(400);
    expect(errorText(refused)).toMatch(/isn't right/);
  });

  it('Tenants are isolated: a session at tenant A is no session at tenant B', async () => {
    await invite(world.t, 'fabrikam', 'session@example.com');
    await invite(world.t, 'contoso', 'session@example.com');
    const browser = new HttpBrowser();
    await passcodeSignIn(world, new SignIn(rp, browser), 'session@example.com');
    const atB = await new SignIn(other, browser).start();
    expect(heading(atB)).toBe('Sign in');
  });

  it('Enumeration: an address that is not invited gets the very same pages and status codes, and no mail', async () => {
    await invite(world.t, 'fabrikam', 'invited@example.com');
    const walk = async (email: string) => {
      const browser = new HttpBrowser();
      const identify = await new SignIn(rp, browser).start();
      const send = await browser.submit(identify, 'identify', { email });
      const enter = await browser.submit(send, 'send');
      const refused = await submitCode(browser, enter, '000000');
      const normalize = (page: Page) => [
        page.status,
        page.html
          .replaceAll(email, 'EMAIL')
          .replace(/interaction\/[\w-]+/g, 'interaction/UID')
          // each interaction's forms carry its own CSRF token
          .replace(/name="csrf" value="[\w-]+"/g, 'name="csrf" value="TOKEN"'),
      ];
      return [identify, send, enter, refused].map(normalize);
    };
    const invited = await walk('invited@example.com');
    await mailSettled();
    const mailsBefore = world.sendgrid.requests.length;
    const stranger = await walk('stranger@example.com');
    expect(stranger).toEqual(invited);
    expect(await mailsTo(world.sendgrid, 'stranger@example.com')).toBe(0);
    await mailSettled();
    expect(world.sendgrid.requests.length).toBe(mailsBefore);
  });

  it('HTML in a tenant display name is escaped in pages and in mail', async () => {
    const evil = '<img src=x onerror=alert(1)> & "Co"';
    expect(
      (await world.t.admin('POST', '/tenants', { id: 'evil-corp', displayName: evil })).status,
    ).toBe(201);
    const evilRp = await relyingParty(world.t, 'evil-corp');
    await invite(world.t, 'evil-corp', 'victim@example.com');
    const { enter } = await codeSent(evilRp, 'victim@example.com');
    expect(enter.html).not.toContain('<img src=x');
    expect(enter.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;');
    await mailSettled();
    const mail = world.sendgrid.requests.at(-1)?.body as {
      content: { type: string; value: string }[];
    };
    const htmlPart = mail.content.find((c) => c.type === 'text/html')?.value ?? '';
    expect(htmlPart).not.toContain('<img src=x');
    expect(htmlPart).toContain('&lt;img src=x');
  });

  it('a display name with CR or LF is refused by the admin API (it would become a mail header)', async () => {
    const response = await world.t.admin('POST', '/tenants', {
      id: 'crlf-corp',
      displayName: 'Evil\r\nBcc: x@example.com',
    });
    expect(response.status).toBe(400);
    expect(response.body.error_description).toContain('displayName');
  });

  it('SendGrid 429 then 202: the guest gets exactly one mail', async () => {
    await invite(world.t, 'fabrikam', 'throttled@example.com', { sendEmail: false });
    world.sendgrid.respondWith([
      { status: 429, headers: { 'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000)) } },
    ]);
    const before = await mailsTo(world.sendgrid, 'throttled@example.com');
    const { enter } = await codeSent(rp, 'throttled@example.com');
    expect(heading(enter)).toBe('Enter code');
    // the 429 and the one that went through
    expect((await mailsTo(world.sendgrid, 'throttled@example.com')) - before).toBe(2);
    world.sendgrid.respondWith([]);
  });

  it('SendGrid 401: the guest gets the code page all the same, the sign-in log says not_sent, and it is not retried', async () => {
    await invite(world.t, 'fabrikam', 'unlucky@example.com', { sendEmail: false });
    world.sendgrid.respondWith([], { status: 401 });
    const before = await mailsTo(world.sendgrid, 'unlucky@example.com');
    try {
      const signIn = new SignIn(rp);
      const send = await signIn.start({ login_hint: 'unlucky@example.com' });
      const page = await signIn.browser.submit(send, 'send');
      expect(page.status).toBe(200);
      expect(heading(page)).toBe('Enter code');
      expect(page.html).toContain('Check your spam or junk folder');
      // permanent: tried once, not retried
      expect((await mailsTo(world.sendgrid, 'unlucky@example.com')) - before).toBe(1);
      const log = await world.t.admin('GET', '/tenants/fabrikam/sign-ins');
      expect(log.body.items[0]).toMatchObject({
        email: 'unlucky@example.com',
        result: 'failure',
        reason: 'not_sent',
      });
    } finally {
      world.sendgrid.respondWith([]);
    }
  });

  it('a code that was already used says so, and is not counted as a wrong try', async () => {
    await invite(world.t, 'fabrikam', 'twice@example.com');
    const first = await codeSent(rp, 'twice@example.com');
    const code = await latestCode(world.sendgrid, 'twice@example.com');
    expect(heading(await submitCode(first.browser, first.enter, code))).toBe('Accept invitation');
    const second = await codeSent(rp, 'twice@example.com');
    const again = await submitCode(second.browser, second.enter, code);
    expect(again.status).toBe(400);
    expect(errorText(again)).toBe(
      'This code was already used to sign in. Send a new code to sign in again.',
    );
    // the new code still has every try
    const wrongTry = await submitCode(
      second.browser,
      again,
      wrong(await latestCode(world.sendgrid, 'twice@example.com')),
    );
    expect(errorText(wrongTry)).toMatch(/You have 4 tries left/);
  });

  it('20 parallel exchanges of one authorization code: exactly one gets tokens', async () => {
    await invite(world.t, 'fabrikam', 'exchange@example.com');
    const signIn = new SignIn(rp);
    const callback = await passcodeSignIn(world, signIn, 'exchange@example.com');
    const code = new URL(callback).searchParams.get('code') ?? '';
    const basic = `Basic ${Buffer.from(`${rp.clientId}:${rp.clientSecret}`).toString('base64')}`;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${world.t.url}/fabrikam/token`, {
          method: 'POST',
          headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            redirect_uri: 'http://127.0.0.1:9/callback',
            code_verifier: signIn.verifier,
          }),
        }),
      ),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 400)).toHaveLength(19);
  });
});

describe('Passcode expiry, sessions, cool-downs and per-IP limits', () => {
  let defaults: JourneyWorld;
  let defaultsRp: RelyingParty;
  beforeAll(async () => {
    // the default passcode rules (a 30-minute code, a 30 s cool-down), sessions of 2 hours
    defaults = await startJourneyWorld(
      { SESSION_TTL_SECONDS: '7200', ...noPerIpLimits },
      { clock: testClock },
    );
    defaultsRp = await relyingParty(defaults.t, 'fabrikam');
  });
  afterAll(async () => defaults.close());

  it('A code works for OTP_TTL_SECONDS; after that the guest must ask for a new code and is told so', async () => {
    await invite(defaults.t, 'fabrikam', 'intime@example.com');
    await invite(defaults.t, 'fabrikam', 'late@example.com');
    const inTime = await codeSent(defaultsRp, 'intime@example.com');
    const late = await codeSent(defaultsRp, 'late@example.com');
    // both codes delivered before time moves (the courier gives up mail past its deadline)
    const inTimeCode = await latestCode(defaults.sendgrid, 'intime@example.com');
    const lateCode = await latestCode(defaults.sendgrid, 'late@example.com');
    clock.advance(1799);
    const accepted = await submitCode(inTime.browser, inTime.enter, inTimeCode);
    expect(heading(accepted)).toBe('Accept invitation');
    clock.advance(1);
    const refused = await submitCode(late.browser, late.enter, lateCode);
    expect(refused.status).toBe(400);
    expect(errorText(refused)).toBe('This code has expired. Send a new code.');
  });

  it('a resend within the cool-down keeps the code field and says when a new code can be asked for; after it a new code is sent', async () => {
    await invite(defaults.t, 'fabrikam', 'impatient@example.com');
    const { browser, enter } = await codeSent(defaultsRp, 'impatient@example.com');
    expect(enter.html).toContain('You can ask for a new code in 30 seconds.');
    clock.advance(10);
    const again = await browser.submit(enter, 'send');
    expect(again.status).toBe(200);
    expect(heading(again)).toBe('Enter code');
    expect(again.html).toContain(
      'Enter the code we sent to impatient@example.com; you can ask for a new one in 20 seconds.',
    );
    expect(again.html).toMatch(/<input[^>]*name="code"/);
    expect(await codesTo(defaults.sendgrid, 'impatient@example.com')).toHaveLength(1);
    // a guest in another browser who asks during the cool-down gets the same page
    const elsewhere = await codeSent(defaultsRp, 'impatient@example.com');
    expect(heading(elsewhere.enter)).toBe('Enter code');
    expect(elsewhere.enter.html).toContain('you can ask for a new one in 20 seconds.');
    clock.advance(20);
    const resent = await browser.submit(again, 'send');
    expect(heading(resent)).toBe('Enter code');
    expect(await codesTo(defaults.sendgrid, 'impatient@example.com')).toHaveLength(2);
  });

  it('Sessions last SESSION_TTL_SECONDS: the store holds a session that long; once it runs out the guest signs in again with a new code', async () => {
    const { guest } = await invite(defaults.t, 'fabrikam', 'session@example.com');
    const browser = new HttpBrowser();
    await passcodeSignIn(defaults, new SignIn(defaultsRp, browser), 'session@example.com');
    const sso = await new SignIn(defaultsRp, browser).start();
    expect(sso.url.startsWith(redirectUri)).toBe(true);

    // oidc-provider keeps sessions by its own clock; the store deletes them when their TTL
    // runs out, which here is made to happen now instead of in two hours
    const { store, keys, tenants } = defaults.t.app.services;
    const scope = tenantScope((await tenants.find('fabrikam'))!);
    const sessions = (await store.smembers(keys.oidcAccount(scope, guest.id))).filter((key) =>
      key.startsWith(keys.oidc(scope, 'Session', '')),
    );
    // (oidc-provider may have renewed the session id at sign-in: the index names both)
    const ttls = await Promise.all(sessions.map((key) => store.ttl(key)));
    const live = sessions.filter((_, i) => ttls[i] !== -2);
    expect(live.length).toBeGreaterThan(0);
    for (const ttl of ttls.filter((t) => t !== -2)) {
      expect(ttl).toBeGreaterThan(7200 - 5);
      expect(ttl).toBeLessThanOrEqual(7200);
    }
    for (const key of live) await store.expire(key, 0);

    const expired = await new SignIn(defaultsRp, browser).start();
    expect(heading(expired)).toBe('Sign in');
  });

  it('Send code is rate limited per IP address, in windows of RATE_LIMIT_WINDOW_SECONDS', async () => {
    // an app of its own: its per-IP counters start at zero whatever ran before
    const limited = await startJourneyWorld(
      { RATE_LIMIT_SENDS_PER_IP: '6', RATE_LIMIT_WINDOW_SECONDS: '600' },
      { clock: testClock },
    );
    try {
      const limitedRp = await relyingParty(limited.t, 'fabrikam');
      const send = async (email: string) => {
        const signIn = new SignIn(limitedRp);
        const page = await signIn.start({ login_hint: email });
        return signIn.browser.submit(page, 'send');
      };
      const statuses: number[] = [];
      for (let i = 0; i < 8; i += 1) statuses.push((await send(`flood${i}@example.com`)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
      clock.advance(599);
      const refused = await send('flood8@example.com');
      expect(refused.status).toBe(429);
      expect(errorText(refused)).toMatch(/Too many codes were requested from your network/);
      clock.advance(1);
      expect((await send('flood9@example.com')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
