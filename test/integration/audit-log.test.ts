import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/util/logger.js';
import { heading } from '../support/http-browser.js';
import {
  invite,
  latestCode,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';

const lines: string[] = [];
let world: JourneyWorld;
let rp: RelyingParty;

beforeAll(async () => {
  world = await startJourneyWorld(
    { OTP_FAILURE_BUDGET: '3', OTP_RESEND_COOLDOWN_SECONDS: '0' },
    { logger: createLogger('info', (line) => lines.push(line)) },
  );
  rp = await relyingParty(world.t, 'fabrikam');
});
afterAll(async () => world.close());

const events = () => lines.map((l) => JSON.parse(l) as { event: string; [k: string]: unknown });

describe('audit log', () => {
  it('one structured line per event — queued, mailed, rejected and why, accepted, redeemed, lockout, invitation queued — and never a secret', async () => {
    const invitation = await invite(world.t, 'fabrikam', 'audited@example.com');
    const signIn = new SignIn(rp);
    const send = await signIn.start({ login_hint: 'audited@example.com' });
    const enter = await signIn.browser.submit(send, 'send');
    const code = await latestCode(world.sendgrid, 'audited@example.com');
    await signIn.browser.submit(enter, 'verify', { code: code === '000000' ? '000001' : '000000' });
    const accept = await signIn.browser.submit(enter, 'verify', { code });
    expect(heading(accept)).toBe('Accept invitation');
    await signIn.browser.submit(accept, 'accept', { decision: 'accept' });

    // three wrong codes in a row lock the address (budget 3 in this test)
    const other = new SignIn(rp);
    const again = await other.browser.submit(
      await other.start({ login_hint: 'audited@example.com' }),
      'send',
    );
    const wrong =
      (await latestCode(world.sendgrid, 'audited@example.com')) === '999999' ? '999998' : '999999';
    for (let i = 0; i < 3; i += 1) await other.browser.submit(again, 'verify', { code: wrong });

    const seen = events().map((e) => e.event);
    for (const event of [
      'invitation.queued',
      'otp.queued',
      'mail.sent',
      'otp.rejected',
      'otp.accepted',
      'guest.redeemed',
      'otp.locked',
    ]) {
      expect(seen).toContain(event);
    }
    const rejected = events().find((e) => e.event === 'otp.rejected');
    expect(rejected).toMatchObject({
      tenant: 'fabrikam',
      guest: invitation.guest.id,
      reason: 'wrong',
    });

    const all = lines.join('\n');
    for (const secret of [
      code,
      ...world.sendgrid.requests.map(
        (r) => JSON.stringify(r.body).match(/\b\d{6}\b/)?.[0] ?? 'none',
      ),
    ]) {
      expect(all).not.toContain(secret);
    }
    expect(all).not.toContain(invitation.redeemUrl.split('/invite/')[1]);
    expect(all).not.toContain(world.t.adminToken);
    expect(all).not.toContain(rp.clientSecret);
  });
});
