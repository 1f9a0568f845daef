import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  invite,
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
 * Item 17: with passcodes turned off, typing an address must not reveal whether it had
 * redeemed. Decision: the page is identical for a guest who redeemed with the turned-off
 * method, a pending guest and an address never invited; only a browser whose session proves
 * it is the guest is told the method was turned off. Admins still see the real reason.
 */
let world: JourneyWorld;
let rp: RelyingParty;
let tenant: string;
let redeemedBrowser: HttpBrowser;
const redeemed = `${uniqueId('redeemed')}@example.com`;
const pending = `${uniqueId('pending')}@example.com`;
const stranger = `${uniqueId('stranger')}@example.com`;

beforeAll(async () => {
  world = await startJourneyWorld({
    RATE_LIMIT_SENDS_PER_IP: '10000000',
    RATE_LIMIT_VERIFIES_PER_IP: '10000000',
  });
  tenant = uniqueId('fabrikam');
  rp = await relyingParty(world.t, tenant, { displayName: 'Fabrikam', skipConsent: true });
  await invite(world.t, tenant, redeemed);
  await invite(world.t, tenant, pending);
  redeemedBrowser = new HttpBrowser();
  await passcodeSignIn(world, new SignIn(rp, redeemedBrowser), redeemed);
  const off = await world.t.admin('PUT', `/tenants/${tenant}/policy`, {
    emailOtp: { enabled: false },
  });
  expect(off.status).toBe(200);
});
afterAll(async () => world.close());

/** someone types an address in a browser of their own */
async function typed(email: string): Promise<Page> {
  const signIn = new SignIn(rp);
  return signIn.browser.submit(await signIn.start(), 'identify', { email });
}

/** the page with what differs by construction (the address, the interaction) blanked */
const shape = (page: Page, email: string) =>
  page.html
    .replaceAll(email, 'EMAIL')
    .replace(/\/interaction\/[\w-]+/g, '/interaction/UID')
    .replace(/name="csrf" value="[\w-]+"/g, 'name="csrf" value="TOKEN"');

describe('no sign-in method: the same page for every address', () => {
  it('a guest who redeemed with passcodes, a pending guest and a stranger see identical pages', async () => {
    const pages = await Promise.all([redeemed, pending, stranger].map(typed));
    expect(pages.map((p) => p.status)).toEqual([403, 403, 403]);
    expect(pages.map(heading)).toEqual([
      'No sign-in method',
      'No sign-in method',
      'No sign-in method',
    ]);
    const [a, b, c] = [
      shape(pages[0]!, redeemed),
      shape(pages[1]!, pending),
      shape(pages[2]!, stranger),
    ];
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(a).not.toContain('turned off');
  });

  it('the guest’s own session (proof of who they are) is told the method was turned off', async () => {
    const page = await new SignIn(rp, redeemedBrowser).start();
    expect(page.status).toBe(403);
    expect(heading(page)).toBe('Sign-in method turned off');
    expect(page.html).toContain(`Ask Fabrikam to invite <strong>${redeemed}</strong> again`);
  });

  it('the admins’ sign-in log keeps the real reason', async () => {
    await typed(redeemed);
    await typed(pending);
    const log = await world.t.admin('GET', `/tenants/${tenant}/sign-ins?limit=500`);
    const reasons = (email: string) =>
      new Set(
        (log.body.items as { email: string; reason: string; result: string }[])
          .filter((i) => i.email === email && i.result === 'failure')
          .map((i) => i.reason),
      );
    expect(reasons(redeemed)).toEqual(new Set(['method_disabled']));
    expect(reasons(pending)).toEqual(new Set(['no_method']));
  });
});
