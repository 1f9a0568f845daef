import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { tenantScope } from '../../src/directory/tenant.js';
import { ManualClock } from '../../src/util/clock.js';
import type { Clock } from '../../src/util/clock.js';
import { heading } from '../support/http-browser.js';
import {
  codesTo,
  invite,
  latestCode,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';

let world: JourneyWorld;
let rp: RelyingParty;

/** every test moves a clock of its own; the app asks the running test's */
let clock = new ManualClock();
const testClock: Clock = { now: () => clock.now() };
beforeEach(() => {
  clock = new ManualClock();
});

beforeAll(async () => {
  world = await startJourneyWorld({ OTP_RESEND_COOLDOWN_SECONDS: '0' }, { clock: testClock });
  rp = await relyingParty(world.t, 'fabrikam');
});
afterAll(async () => world.close());

describe('sign-in log', () => {
  it('shows the attempts of a scripted sequence (wrong code, expired, success) newest first, with no secret', async () => {
    await invite(world.t, 'fabrikam', 'logged@example.com');
    const signIn = new SignIn(rp);
    const send = await signIn.start({ login_hint: 'logged@example.com' });
    let enter = await signIn.browser.submit(send, 'send');
    const first = await latestCode(world.sendgrid, 'logged@example.com');
    await signIn.browser.submit(enter, 'verify', {
      code: first === '123456' ? '654321' : '123456',
    });
    clock.advance(1800); // the code's 30 minutes are over
    await signIn.browser.submit(enter, 'verify', { code: first });
    enter = await signIn.browser.submit(enter, 'send');
    const accept = await signIn.browser.submit(enter, 'verify', {
      code: await latestCode(world.sendgrid, 'logged@example.com'),
    });
    expect(heading(accept)).toBe('Accept invitation');
    await signIn.browser.submit(accept, 'accept', { decision: 'accept' });

    const log = await world.t.admin('GET', '/tenants/fabrikam/sign-ins');
    expect(log.status).toBe(200);
    const items = log.body.items as {
      email: string;
      client: string;
      method: string;
      result: string;
      reason: string;
      time: string;
    }[];
    expect(items.map((i) => [i.result, i.reason])).toEqual([
      ['success', 'success'],
      ['progress', 'code_sent'],
      ['failure', 'expired'],
      ['failure', 'wrong_code'],
      ['progress', 'code_sent'],
      ['progress', 'resolved'],
    ]);
    expect(items.at(-1)).toMatchObject({ detail: 'passcode: no rule matches' });
    for (const item of items) {
      expect(item).toMatchObject({
        email: 'logged@example.com',
        client: rp.clientId,
        method: 'otp',
        time: expect.any(String),
      });
    }
    const text = JSON.stringify(log.body);
    for (const code of await codesTo(world.sendgrid, 'logged@example.com'))
      expect(text).not.toContain(code);
    expect(text).not.toContain(rp.clientSecret);
  });

  it('is paged with a cursor, newest first', async () => {
    // a tenant of its own, with five attempts a second apart
    expect(
      (await world.t.admin('POST', '/tenants', { id: 'paged', displayName: 'Paged' })).status,
    ).toBe(201);
    const tenant = await world.t.app.services.tenants.find('paged');
    for (let i = 1; i <= 5; i += 1) {
      await world.t.app.services.signInLog.record(tenantScope(tenant!), {
        email: `guest${i}@example.com`,
        client: 'app',
        method: 'otp',
        result: 'progress',
        reason: 'code_sent',
      });
      clock.advance(1);
    }
    const page = async (query: string) => {
      const response = await world.t.admin('GET', `/tenants/paged/sign-ins?${query}`);
      expect(response.status).toBe(200);
      return response.body as { items: { email: string; time: string }[]; next: string | null };
    };
    const page1 = await page('limit=2');
    expect(page1.items.map((i) => i.email)).toEqual(['guest5@example.com', 'guest4@example.com']);
    expect(page1.next).toEqual(expect.any(String));
    const page2 = await page(`limit=2&cursor=${page1.next}`);
    expect(page2.items.map((i) => i.email)).toEqual(['guest3@example.com', 'guest2@example.com']);
    expect(page2.items[0]!.time < page1.items[1]!.time).toBe(true);
    const page3 = await page(`limit=2&cursor=${page2.next}`);
    expect(page3.items.map((i) => i.email)).toEqual(['guest1@example.com']);
    expect(page3.next).toBeNull();
    const bad = await world.t.admin('GET', '/tenants/paged/sign-ins?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error_description).toContain('limit');
  });
});
