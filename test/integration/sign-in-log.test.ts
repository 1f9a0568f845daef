import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
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

beforeAll(async () => {
  world = await startJourneyWorld({ OTP_TTL_SECONDS: '2', OTP_RESEND_COOLDOWN_SECONDS: '0' });
  rp = await relyingParty(world.t, 'fabrikam');
});
afterAll(async () => world.close());

describe('sign-in log', () => {
  it('shows the attempts of a scripted sequence (wrong code, expired, success) newest first, with no secret', async () => {
    await invite(world.t, 'fabrikam', 'logged@example.com');
    const signIn = new SignIn(rp);
    const send = await signIn.start({ login_hint: 'logged@example.com' });
    let enter = await signIn.browser.submit(send, 'send');
    const first = latestCode(world.sendgrid, 'logged@example.com');
    await signIn.browser.submit(enter, 'verify', {
      code: first === '123456' ? '654321' : '123456',
    });
    await new Promise((r) => setTimeout(r, 2200));
    await signIn.browser.submit(enter, 'verify', { code: first });
    enter = await signIn.browser.submit(enter, 'send');
    const accept = await signIn.browser.submit(enter, 'verify', {
      code: latestCode(world.sendgrid, 'logged@example.com'),
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
    for (const code of codesTo(world.sendgrid, 'logged@example.com'))
      expect(text).not.toContain(code);
    expect(text).not.toContain(rp.clientSecret);
  });

  it('is paged with a cursor', async () => {
    const page1 = await world.t.admin('GET', '/tenants/fabrikam/sign-ins?limit=2');
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.next).toEqual(expect.any(String));
    const page2 = await world.t.admin(
      'GET',
      `/tenants/fabrikam/sign-ins?limit=2&cursor=${page1.body.next}`,
    );
    expect(page2.body.items).toHaveLength(2);
    expect(page2.body.items[0].time <= page1.body.items[1].time).toBe(true);
    const bad = await world.t.admin('GET', '/tenants/fabrikam/sign-ins?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error_description).toContain('limit');
  });
});
