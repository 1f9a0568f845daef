import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpBrowser } from '../support/http-browser.js';
import {
  invite,
  passcodeSignIn,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';

let world: JourneyWorld;
let rp: RelyingParty;

beforeAll(async () => {
  world = await startJourneyWorld({ TRUST_PROXY: 'true' });
  rp = await relyingParty(world.t, 'fabrikam');
});
afterAll(async () => world.close());

describe('cookies', () => {
  it('are HttpOnly and SameSite=Lax, and Secure behind a TLS-terminating proxy', async () => {
    const url = await new SignIn(rp).url();
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { 'x-forwarded-proto': 'https' },
    });
    const cookies = response.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/;\s*httponly/i);
      expect(cookie).toMatch(/;\s*samesite=lax/i);
      expect(cookie).toMatch(/;\s*secure/i);
    }
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it("are isolated per tenant: the session cookie's path is the tenant's", async () => {
    await invite(world.t, 'fabrikam', 'cookie@example.com');
    const browser = new HttpBrowser();
    await passcodeSignIn(world, new SignIn(rp, browser), 'cookie@example.com');
    const session = browser.cookies().find((c) => c.name === '_session');
    expect(session?.path).toBe('/fabrikam');
  });
});
