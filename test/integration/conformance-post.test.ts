import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as oidc from 'openid-client';
import { ConfigError, loadConfig } from '../../config/load-config.js';
import {
  invite,
  isCallback,
  passcodeSignIn,
  redirectUri,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { heading, HttpBrowser } from '../support/http-browser.js';
import { startTestApp } from '../support/test-app.js';

/**
 * Issue 10 item 3: POST at /{t}/auth (OIDC Core 3.1.2.1) and /{t}/session/end (RP-Initiated
 * Logout) on a deployment whose PUBLIC_URL is https (HTTP_POST_METHODS=auto). The session
 * cookie is then SameSite=None; Secure, so a relying party's cross-site form post carries it.
 *
 * The server is reached as a TLS-terminating proxy reaches it: plain HTTP on its port, for
 * the https PUBLIC_URL of the same host and port. The test rewrites https://host:port to
 * http://host:port for its own requests, as that proxy would.
 */
let world: JourneyWorld;
let rp: RelyingParty;
/** what browsers use (PUBLIC_URL) and where the server listens */
let publicUrl: string;
let serverUrl: string;
const tenant = 'fabrikam';

const toServer = (url: string) =>
  url.startsWith(publicUrl) ? `${serverUrl}${url.slice(publicUrl.length)}` : url;

/** a browser behind the TLS-terminating proxy */
class ProxiedBrowser extends HttpBrowser {
  override request(input: string, init: { method?: string; form?: Record<string, string> } = {}) {
    return super.request(toServer(input), init);
  }
}

beforeAll(async () => {
  world = await startJourneyWorld({ PUBLIC_URL: 'https://127.0.0.1:{port}' });
  serverUrl = world.t.url;
  publicUrl = world.t.app.services.config.publicUrl;
  expect(publicUrl).toBe(serverUrl.replace(/^http:/, 'https:'));
  expect(world.t.app.services.config.httpPostMethods).toBe(true);

  expect(
    (await world.t.admin('POST', '/tenants', { id: tenant, displayName: 'Fabrikam' })).status,
  ).toBe(201);
  const created = await world.t.admin('POST', `/tenants/${tenant}/clients`, {
    client_name: 'Portal',
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: ['http://127.0.0.1:9/signed-out'],
  });
  expect(created.status).toBe(201);
  const viaProxy: oidc.CustomFetch = (url, options) => fetch(toServer(url), options);
  const config = await oidc.discovery(
    new URL(`${publicUrl}/${tenant}`),
    created.body.client_id,
    created.body.client_secret,
    undefined,
    { [oidc.customFetch]: viaProxy },
  );
  config[oidc.customFetch] = viaProxy;
  rp = { clientId: created.body.client_id, clientSecret: created.body.client_secret, config };
});
afterAll(async () => world?.close());

/** the authorization request as a relying party's auto-submitting form posts it */
async function postAuthorization(signIn: SignIn, extra: Record<string, string> = {}) {
  const url = new URL(await signIn.url(extra));
  expect(url.origin).toBe(publicUrl);
  const form = Object.fromEntries(url.searchParams);
  return signIn.browser.go(`${url.origin}${url.pathname}`, { form }, isCallback);
}

/** a newly invited guest (each test its own: no resend cool-down between tests) */
async function newGuest(): Promise<string> {
  const email = `poster-${randomBytes(4).toString('hex')}@example.com`;
  await invite(world.t, tenant, email, { sendEmail: false });
  return email;
}

/** a guest signed in through a POSTed authorization request: the callback URL */
async function postedSignIn(signIn: SignIn, email: string): Promise<string> {
  const first = await postAuthorization(signIn, { login_hint: email });
  expect(first.status).toBe(200);
  return passcodeSignIn(world, signIn, email, {}, first);
}

describe('POST at the authorization and end-session endpoints (https PUBLIC_URL)', () => {
  it('discovery is https, from PUBLIC_URL', async () => {
    const discovery = (await (
      await fetch(`${serverUrl}/${tenant}/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(discovery.authorization_endpoint).toBe(`${publicUrl}/${tenant}/auth`);
    expect(discovery.end_session_endpoint).toBe(`${publicUrl}/${tenant}/session/end`);
  });

  it('a guest signs in through a POSTed authorization request', async () => {
    const email = await newGuest();
    const signIn = new SignIn(rp, new ProxiedBrowser());
    const callback = await postedSignIn(signIn, email);
    const tokens = await signIn.tokens(callback);
    expect(tokens.claims()).toMatchObject({ email, iss: `${publicUrl}/${tenant}` });
    const sessionCookie = signIn.browser.cookies().find((c) => c.name === '_session');
    expect(sessionCookie?.path).toBe(`/${tenant}`);
  });

  it('sets the session cookie SameSite=None with Secure and HttpOnly; the interaction cookies stay Lax', async () => {
    // the cookies a whole sign-in sets
    const set: string[] = [];
    const recording = new (class extends ProxiedBrowser {
      override async request(
        input: string,
        init: { method?: string; form?: Record<string, string> } = {},
      ) {
        const page = await super.request(input, init);
        set.push(...page.headers.getSetCookie());
        return page;
      }
    })();
    const email = await newGuest();
    const again = new SignIn(rp, recording);
    await postedSignIn(again, email);
    const session = set.filter((c) => /^_session=/.test(c) && !/expires=Thu, 01 Jan 1970/i.test(c));
    expect(session.length).toBeGreaterThan(0);
    for (const cookie of session) {
      expect(cookie).toMatch(/;\s*samesite=none/i);
      expect(cookie).toMatch(/;\s*secure/i);
      expect(cookie).toMatch(/;\s*httponly/i);
    }
    const interaction = set.filter((c) => /^_interaction/.test(c));
    expect(interaction.length).toBeGreaterThan(0);
    for (const cookie of interaction) {
      expect(cookie).toMatch(/;\s*samesite=lax/i);
      expect(cookie).toMatch(/;\s*secure/i);
    }
  });

  it('a second POSTed authorization request rides the session (single sign-on, no page)', async () => {
    const email = await newGuest();
    const browser = new ProxiedBrowser();
    const signIn = new SignIn(rp, browser);
    await postedSignIn(signIn, email);
    const second = new SignIn(rp, browser);
    const back = await postAuthorization(second);
    expect(isCallback(back.url)).toBe(true);
    expect((await second.tokens(back.url)).claims()?.email).toBe(email);
  });

  it('RP-initiated logout by POST ends the session and returns to the post-logout redirect URI', async () => {
    const email = await newGuest();
    const browser = new ProxiedBrowser();
    const signIn = new SignIn(rp, browser);
    const callback = await postedSignIn(signIn, email);
    const idToken = (await signIn.tokens(callback)).id_token ?? '';

    const confirm = await browser.go(`${publicUrl}/${tenant}/session/end`, {
      form: {
        id_token_hint: idToken,
        post_logout_redirect_uri: 'http://127.0.0.1:9/signed-out',
        state: 'bye',
      },
    });
    expect(confirm.status).toBe(200);
    expect(heading(confirm)).toBe('Sign out');
    // oidc-provider's own form (its xsrf secret), which the page's buttons submit
    const form = /<form id="op\.logoutForm" method="post" action="([^"]+)">(.*?)<\/form>/.exec(
      confirm.html,
    );
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form?.[2] ?? '')?.[1] ?? '';
    expect(form?.[1]).toBe(`${publicUrl}/${tenant}/session/end/confirm`);
    const done = await browser.go(form?.[1] ?? '', { form: { xsrf, logout: 'yes' } }, (url) =>
      url.startsWith('http://127.0.0.1:9/signed-out'),
    );
    expect(done.url).toBe('http://127.0.0.1:9/signed-out?state=bye');
    // the session is over: the next request shows the journey again
    const next = new SignIn(rp, browser);
    expect(heading(await postAuthorization(next, { login_hint: email }))).toBe('Verify your email');
  });
});

describe('without an https PUBLIC_URL, or with HTTP_POST_METHODS=off', () => {
  it('an http deployment (auto: off) answers POST /{t}/auth with 404; its cookies stay Lax (cookies.test.ts)', async () => {
    const t = await startTestApp();
    try {
      await t.admin('POST', '/tenants', { id: 'plain', displayName: 'Plain' });
      expect(t.app.services.config.httpPostMethods).toBe(false);
      const response = await fetch(`${t.url}/plain/auth`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: 'client_id=x&response_type=code&scope=openid',
      });
      expect(response.status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('HTTP_POST_METHODS=on with an http PUBLIC_URL stops the start, naming the variable', async () => {
    await expect(
      loadConfig({ PUBLIC_URL: 'http://id.example.com', HTTP_POST_METHODS: 'on' }),
    ).rejects.toThrow(ConfigError);
    await expect(
      loadConfig({ PUBLIC_URL: 'http://id.example.com', HTTP_POST_METHODS: 'on' }),
    ).rejects.toMatchObject({
      problems: [expect.stringMatching(/^HTTP_POST_METHODS: on needs an https PUBLIC_URL/)],
    });
  });

  it('HTTP_POST_METHODS=off turns POST off on an https deployment, where auto turns it on', async () => {
    const config = await loadConfig({
      PUBLIC_URL: 'https://id.example.com',
      HTTP_POST_METHODS: 'off',
    });
    expect(config.httpPostMethods).toBe(false);
    const auto = await loadConfig({ PUBLIC_URL: 'https://id.example.com' });
    expect(auto.httpPostMethods).toBe(true);
  });
});
