import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/util/clock.js';
import type { Clock } from '../../src/util/clock.js';
import {
  codesTo,
  invite,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { heading, HttpBrowser } from '../support/http-browser.js';
import type { Page } from '../support/http-browser.js';
import { eventually, mailSettled } from '../support/mail-settled.js';
import type { RecordedSendGridRequest, ScriptedResponse } from '../support/sendgrid-stand-in.js';

/**
 * The mail courier (src/mail/courier/): Send code and invitations queue their mail and answer
 * at once; the courier delivers, retries with backoff judged by the clock, honours SendGrid's
 * X-RateLimit-Reset, and gives up after MAIL_GIVE_UP_SECONDS, recording `not_sent`.
 */
let clock = new ManualClock();
const testClock: Clock = { now: () => clock.now() };

const noLimits = {
  OTP_RESEND_COOLDOWN_SECONDS: '0',
  OTP_RESEND_MAX: '1000',
  RATE_LIMIT_SENDS_PER_IP: '10000000',
  RATE_LIMIT_VERIFIES_PER_IP: '10000000',
};

/** the address a recorded SendGrid request was for */
const recipient = (r: RecordedSendGridRequest) =>
  (r.body as { personalizations?: { to?: { email: string }[] }[] }).personalizations?.[0]?.to?.[0]
    ?.email;
const requestsTo = (world: JourneyWorld, email: string) =>
  world.sendgrid.requests.filter((r) => recipient(r) === email);
const plainText = (r: RecordedSendGridRequest) =>
  (r.body as { content?: { type: string; value: string }[] }).content?.find(
    (c) => c.type === 'text/plain',
  )?.value ?? '';

/** Send code for an address in a new interaction; the page and how long Send code took */
async function sendCode(rp: RelyingParty, email: string): Promise<{ page: Page; ms: number }> {
  const signIn = new SignIn(rp, new HttpBrowser());
  const send = await signIn.start({ login_hint: email });
  expect(heading(send)).toBe('Verify your email');
  const started = performance.now();
  const page = await signIn.browser.submit(send, 'send');
  return { page, ms: performance.now() - started };
}

/** waits for the courier to run `n` more rounds (it polls; a round is where it decides) */
async function courierRounds(world: JourneyWorld, n = 3) {
  const { courier } = world.t.app.services;
  const target = courier.ticks + n;
  await eventually(() => {
    courier.nudge();
    return courier.ticks >= target;
  }, `${n} courier rounds`);
}

/** the app on the test clock, without limits, and Fabrikam's relying party */
async function startFabrikam(): Promise<{ world: JourneyWorld; rp: RelyingParty }> {
  const world = await startJourneyWorld(noLimits, { clock: testClock });
  return { world, rp: await relyingParty(world.t, 'fabrikam', { displayName: 'Fabrikam' }) };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('Send code while the mail service fails or hangs', () => {
  let world: JourneyWorld;
  let rp: RelyingParty;
  beforeAll(async () => {
    ({ world, rp } = await startFabrikam());
  });
  afterAll(async () => world.close());
  afterEach(() => world.sendgrid.respondWith([]));

  it.each<[string, ScriptedResponse]>([
    ['hangs (never answers)', { status: 202, hang: true }],
    ['fails (500 on every request)', { status: 500 }],
    ['refuses the key (401)', { status: 401 }],
  ])(
    'while SendGrid %s, an invited and an uninvited address get the same status and page, at once',
    async (_, answer) => {
      world.sendgrid.respondWith([], answer);
      const invited = 'invited-' + answer.status + (answer.hang ? 'h' : '') + '@example.com';
      const stranger = 'stranger-' + answer.status + (answer.hang ? 'h' : '') + '@example.com';
      await invite(world.t, 'fabrikam', invited, { sendEmail: false });
      const times = { invited: [] as number[], stranger: [] as number[] };
      const pages: string[] = [];
      const statuses: number[] = [];
      for (let round = 0; round < 5; round += 1) {
        for (const [who, email] of [
          ['invited', invited],
          ['stranger', stranger],
        ] as const) {
          const { page, ms } = await sendCode(rp, email);
          times[who].push(ms);
          statuses.push(page.status);
          expect(heading(page)).toBe('Enter code');
          // the page without what differs by nature: the address and the per-interaction URLs
          pages.push(
            page.html
              .replaceAll(email, 'ADDRESS')
              .replace(/\/interaction\/[^"/]+/g, '/interaction/UID')
              .replace(/name="csrf" value="[^"]*"/g, 'name="csrf" value="TOKEN"'),
          );
        }
      }
      expect(new Set(statuses)).toEqual(new Set([200]));
      expect(new Set(pages).size).toBe(1);
      // SendGrid's own timeout is 10 s; Send code never waits for it
      expect(Math.max(...times.invited, ...times.stranger)).toBeLessThan(2000);
      expect(Math.abs(median(times.invited) - median(times.stranger))).toBeLessThan(250);
      if (answer.hang) {
        // the invited address's mails did reach the (hung) mail service: the courier works
        await eventually(() => world.sendgrid.hanging > 0, 'a hung request');
      }
    },
  );
});

describe('Retries and giving up', () => {
  let world: JourneyWorld;
  let rp: RelyingParty;
  beforeAll(async () => {
    ({ world, rp } = await startFabrikam());
  });
  afterAll(async () => world.close());
  afterEach(async () => {
    world.sendgrid.respondWith([]);
    await mailSettled().catch(() => undefined);
  });

  /** Send code for an invited address, until the courier's first try has reached SendGrid */
  async function firstTry(email: string, what = 'the first try') {
    await sendCode(rp, email);
    await eventually(() => requestsTo(world, email).length === 1, what);
  }

  /**
   * After a first try that failed: with the clock `held` seconds on, the courier's rounds send
   * nothing more; `released` seconds later the second try goes out (`what`). Answers the two
   * tries, once all mail has settled.
   */
  async function secondTryOnlyAfter(
    email: string,
    seconds: { held: number; released: number },
    what: string,
  ) {
    clock.advance(seconds.held);
    await courierRounds(world);
    expect(requestsTo(world, email)).toHaveLength(1);
    clock.advance(seconds.released);
    await eventually(() => requestsTo(world, email).length === 2, what);
    await mailSettled();
    const tries = requestsTo(world, email);
    expect(tries).toHaveLength(2);
    return tries;
  }

  it('after a transient failure the courier sends the same code again once the backoff is over', async () => {
    clock = new ManualClock();
    await invite(world.t, 'fabrikam', 'retry@example.com', { sendEmail: false });
    world.sendgrid.respondWith([{ status: 503 }]);
    await firstTry('retry@example.com');
    // the backoff (2 s) is judged by the clock: nothing is retried before it is over
    const tries = await secondTryOnlyAfter(
      'retry@example.com',
      { held: 0, released: 2 },
      'the send once the backoff is over',
    );
    expect(plainText(tries[0]!)).toBe(plainText(tries[1]!));
    expect(await codesTo(world.sendgrid, 'retry@example.com')).toHaveLength(2);
  });

  it("a 429 waits until SendGrid's X-RateLimit-Reset, even ten minutes away, then sends", async () => {
    clock = new ManualClock();
    await invite(world.t, 'fabrikam', 'throttled@example.com', { sendEmail: false });
    const reset = Math.floor(Date.now() / 1000) + 600;
    world.sendgrid.respondWith([{ status: 429, headers: { 'X-RateLimit-Reset': String(reset) } }]);
    await firstTry('throttled@example.com', 'the 429');
    await secondTryOnlyAfter(
      'throttled@example.com',
      { held: 590, released: 11 },
      'the send once the reset has passed',
    );
    const log = await world.t.admin('GET', '/tenants/fabrikam/mail');
    expect(log.body.items[0]).toMatchObject({
      kind: 'passcode',
      to: 'throttled@example.com',
      status: 'sent',
      attempts: 2,
    });
  });

  it('a passcode mail that keeps failing is given up after MAIL_GIVE_UP_SECONDS: sign-in log not_sent, mail log not_sent', async () => {
    clock = new ManualClock();
    await invite(world.t, 'fabrikam', 'doomed@example.com', { sendEmail: false });
    world.sendgrid.respondWith([], { status: 503 });
    await firstTry('doomed@example.com');
    // backoff 2, 4, 8, … s by the clock, until the give-up time (900 s by default)
    for (let waited = 0; waited < 900; waited += 30) {
      clock.advance(30);
      await courierRounds(world, 2);
    }
    await mailSettled();
    const tries = requestsTo(world, 'doomed@example.com').length;
    expect(tries).toBeGreaterThan(3);
    expect(tries).toBeLessThan(20);

    const signIns = await world.t.admin('GET', '/tenants/fabrikam/sign-ins');
    expect(signIns.body.items[0]).toMatchObject({
      email: 'doomed@example.com',
      method: 'otp',
      result: 'failure',
      reason: 'not_sent',
      detail: 'SendGrid answered 503',
    });
    const mail = await world.t.admin('GET', '/tenants/fabrikam/mail?status=not_sent');
    expect(mail.status).toBe(200);
    expect(mail.body.items[0]).toMatchObject({
      kind: 'passcode',
      to: 'doomed@example.com',
      status: 'not_sent',
      attempts: tries,
      reason: 'SendGrid answered 503',
    });
    // the queue holds nothing more of it
    expect(await world.t.app.services.courier.pending()).toBe(0);
  });

  it('an invitation mail SendGrid refuses (401) is not retried and shows as not_sent in the mail log', async () => {
    clock = new ManualClock();
    world.sendgrid.respondWith([{ status: 401 }]);
    const invited = await invite(world.t, 'fabrikam', 'refused@example.com');
    expect(invited.emailSent).toBe(true);
    await mailSettled();
    expect(requestsTo(world, 'refused@example.com')).toHaveLength(1);
    const mail = await world.t.admin('GET', '/tenants/fabrikam/mail');
    expect(mail.body.items[0]).toMatchObject({
      kind: 'invitation',
      to: 'refused@example.com',
      guest: invited.guest.id,
      status: 'not_sent',
      attempts: 1,
      reason: 'SendGrid answered 401',
    });
    const bad = await world.t.admin('GET', '/tenants/fabrikam/mail?status=lost');
    expect(bad.status).toBe(400);
    expect(bad.body.error_description).toContain('status');
  });
});
