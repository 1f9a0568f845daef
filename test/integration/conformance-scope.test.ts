import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  invite,
  isCallback,
  mailsTo,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { heading } from '../support/http-browser.js';

/**
 * Issue 10 item 6: an authorization request without a usable scope (missing, empty, or
 * without openid) is refused at /auth with invalid_scope and a description, sent back to the
 * relying party before any page — no journey runs and no passcode is mailed.
 */
let world: JourneyWorld;
let rp: RelyingParty;
const email = 'scope@example.com';

beforeAll(async () => {
  world = await startJourneyWorld();
  rp = await relyingParty(world.t, 'fabrikam');
  await invite(world.t, 'fabrikam', email, { sendEmail: false });
});
afterAll(async () => world.close());

/**
 * the authorization URL with `scope` set to `value` (none when undefined) and no nonce, as in
 * the issue: a nonce without openid is already refused by oidc-provider (see below)
 */
async function withScope(signIn: SignIn, value: string | undefined, nonce = false) {
  const url = new URL(await signIn.url({ login_hint: email }));
  if (value === undefined) url.searchParams.delete('scope');
  else url.searchParams.set('scope', value);
  if (!nonce) url.searchParams.delete('nonce');
  return url.href;
}

/** follows /auth's answer to the relying party and reads the error it was sent */
async function refusal(signIn: SignIn, url: string) {
  const first = await signIn.browser.request(url);
  expect(first.status).toBe(303);
  const location = first.headers.get('location') ?? '';
  expect(isCallback(location)).toBe(true);
  // no interaction was started: no journey cookie
  expect(first.headers.getSetCookie().filter((c) => /^_interaction/.test(c))).toEqual([]);
  return new URL(location).searchParams;
}

describe('the scope of an authorization request', () => {
  it.each<[string, string | undefined, string]>([
    ['missing', undefined, 'scope: required, and it must include openid'],
    ['empty', '', 'scope: required, and it must include openid'],
    ['of spaces only (oidc-provider’s own check)', '   ', 'scope contains invalid characters'],
    [
      'without openid',
      'email profile',
      'scope: must include openid (this is an OpenID Connect provider)',
    ],
    // oidc-provider drops offline_access without prompt=consent: nothing is left
    ['with offline_access only', 'offline_access', 'scope: required, and it must include openid'],
  ])(
    'a scope %s is refused at /auth with invalid_scope, to the relying party, before any page or mail',
    async (_case, scope, description) => {
      const before = await mailsTo(world.sendgrid, email);
      const signIn = new SignIn(rp);
      const params = await refusal(signIn, await withScope(signIn, scope));
      expect(params.get('error')).toBe('invalid_scope');
      expect(params.get('error_description')).toBe(description);
      expect(params.get('state')).toBe(signIn.state);
      expect(params.get('iss')).toBe(`${world.t.url}/fabrikam`);
      expect(await mailsTo(world.sendgrid, email)).toBe(before);
    },
  );

  it('with a nonce, a scope without openid is refused just as early, by oidc-provider (invalid_request)', async () => {
    const signIn = new SignIn(rp);
    const params = await refusal(signIn, await withScope(signIn, 'email', true));
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('error_description')).toBe(
      'openid scope must be requested when using the nonce parameter',
    );
  });

  it('openid with other scopes starts the journey as before', async () => {
    const signIn = new SignIn(rp);
    const page = await signIn.browser.go(await withScope(signIn, 'openid email'), {}, isCallback);
    expect(page.status).toBe(200);
    expect(heading(page)).toBe('Verify your email');
  });

  it('an unknown client still gets the error page, not a redirect (the redirect URI is unproven)', async () => {
    const signIn = new SignIn(rp);
    const url = new URL(await withScope(signIn, ''));
    url.searchParams.set('client_id', 'nobody');
    const response = await signIn.browser.request(url.href);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });
});
