import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { heading, HttpBrowser } from '../support/http-browser.js';
import { cliFor } from '../support/run-cli.js';
import {
  invite,
  isCallback,
  passcodeSignIn,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { uniqueId } from '../support/shared-state.js';

/** Two server processes' worth of app on one Redis: a policy change must reach both. */
let a: JourneyWorld;
let b: JourneyWorld;

beforeAll(async () => {
  const shared = {
    REDIS_KEY_PREFIX: `policy-${randomBytes(4).toString('hex')}:`,
    COOKIE_SECRETS: 'c'.repeat(40),
  };
  a = await startJourneyWorld(shared);
  b = await startJourneyWorld(shared);
});
afterAll(async () => {
  await a.close();
  await b.close();
});

/**
 * The calling test's own tenant "Fabrikam" (its policy is the test's alone to turn off and
 * on) and a relying party of it, signing guests in at B.
 */
async function newTenant(): Promise<{ tenant: string; rpAtB: RelyingParty }> {
  const tenant = uniqueId('fabrikam');
  const rpAtB = await relyingParty(b.t, tenant, { displayName: 'Fabrikam' });
  return { tenant, rpAtB };
}

/** sets the tenant's policy through A, the other process */
const setPasscodes = async (tenant: string, enabled: boolean) =>
  expect(
    (await a.t.admin('PUT', `/tenants/${tenant}/policy`, { emailOtp: { enabled } })).status,
  ).toBe(200);

describe('Policy: emailOtp.enabled per tenant, on by default', () => {
  it('new tenants have passcodes on', async () => {
    const { tenant } = await newTenant();
    expect((await a.t.admin('GET', `/tenants/${tenant}/policy`)).body).toEqual({
      emailOtp: { enabled: true },
    });
  });

  it('turning passcodes off: a guest who redeemed with a passcode is told to ask to be invited again, and their session stops working at the next authorization', async () => {
    const { tenant, rpAtB } = await newTenant();
    await invite(b.t, tenant, 'redeemed@example.com');
    const browser = new HttpBrowser();
    await passcodeSignIn(b, new SignIn(rpAtB, browser), 'redeemed@example.com');
    const sso = await new SignIn(rpAtB, browser).start();
    expect(isCallback(sso.url)).toBe(true);

    await setPasscodes(tenant, false); // through the other process
    const blocked = await new SignIn(rpAtB, browser).start();
    expect(isCallback(blocked.url)).toBe(false);
    expect(blocked.status).toBe(403);
    expect(heading(blocked)).toBe('Sign-in method turned off');
    expect(blocked.html).toContain('Ask Fabrikam to invite');

    // whoever merely types the address sees what any address without a method sees
    const fresh = new SignIn(rpAtB);
    const page = await fresh.browser.submit(await fresh.start(), 'identify', {
      email: 'redeemed@example.com',
    });
    expect(heading(page)).toBe('No sign-in method');
  });

  it('turning passcodes off: a guest who has not redeemed (or an address not invited) gets the "no sign-in method" page', async () => {
    const { tenant, rpAtB } = await newTenant();
    await invite(b.t, tenant, 'pending@example.com');
    await setPasscodes(tenant, false);
    for (const email of ['pending@example.com', 'stranger@example.com']) {
      const signIn = new SignIn(rpAtB);
      const page = await signIn.browser.submit(await signIn.start(), 'identify', { email });
      expect(page.status).toBe(403);
      expect(heading(page)).toBe('No sign-in method');
    }
  });

  it('turning passcodes on again affects guests who have not redeemed yet: they get Send code', async () => {
    const { tenant, rpAtB } = await newTenant();
    await invite(b.t, tenant, 'later@example.com');
    const identify = async () => {
      const signIn = new SignIn(rpAtB);
      return heading(
        await signIn.browser.submit(await signIn.start(), 'identify', {
          email: 'later@example.com',
        }),
      );
    };
    await setPasscodes(tenant, false);
    expect(await identify()).toBe('No sign-in method');
    await setPasscodes(tenant, true);
    expect(await identify()).toBe('Verify your email');
  });

  it('the same through the CLI: policy set --email-otp off stops a passcode guest, on lets pending guests in', async () => {
    const { tenant, rpAtB } = await newTenant();
    const cli = cliFor(a.t.url, a.t.adminToken);
    await invite(b.t, tenant, 'cli-redeemed@example.com');
    await invite(b.t, tenant, 'cli-pending@example.com');
    await passcodeSignIn(b, new SignIn(rpAtB), 'cli-redeemed@example.com');
    const identifyAs = async (email: string) => {
      const signIn = new SignIn(rpAtB);
      return heading(await signIn.browser.submit(await signIn.start(), 'identify', { email }));
    };

    expect((await cli(['policy', 'set', tenant, '--email-otp', 'off'])).code).toBe(0);
    expect((await cli(['policy', 'show', tenant, '--json'])).stdout).toContain('"enabled": false');
    expect(await identifyAs('cli-redeemed@example.com')).toBe('No sign-in method');
    expect(await identifyAs('cli-pending@example.com')).toBe('No sign-in method');

    expect((await cli(['policy', 'set', tenant, '--email-otp', 'on'])).code).toBe(0);
    expect(await identifyAs('cli-pending@example.com')).toBe('Verify your email');
    expect(await identifyAs('cli-redeemed@example.com')).toBe('Verify your email');
  });
});
