import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as oidc from 'openid-client';
import { startUpstreamIdp } from '../../support/upstream-idp.js';
import type { UpstreamIdp } from '../../support/upstream-idp.js';

const redirectUri = 'http://127.0.0.1:9/federation/callback';
const clientId = 'guestpass';
const clientSecret = 'upstream-secret';

/**
 * Follows redirects by hand with a name-keyed cookie jar (one "browser") until the redirect
 * URI is reached.
 */
async function follow(start: string, jar = new Map<string, string>()): Promise<URL> {
  let url = start;
  for (let hop = 0; hop < 20; hop += 1) {
    if (url.startsWith(redirectUri)) return new URL(url);
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      redirect: 'manual',
      headers: cookie ? { cookie } : {},
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(`stopped at ${url} with ${response.status}: ${await response.text()}`);
    }
    url = new URL(location, url).href;
  }
  throw new Error('too many redirects');
}

async function discover(idp: UpstreamIdp) {
  return oidc.discovery(
    new URL(idp.issuer),
    clientId,
    clientSecret,
    oidc.ClientSecretBasic(clientSecret),
    {
      execute: [oidc.allowInsecureRequests],
    },
  );
}

/** one authorization request as the federation will make it; returns the callback URL */
async function authorize(config: oidc.Configuration, loginHint: string, jar?: Map<string, string>) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    login_hint: loginHint,
  });
  const callback = await follow(url.href, jar);
  return { callback, verifier, state, nonce };
}

describe('upstream IdP fixture', () => {
  let idp: UpstreamIdp;
  let config: oidc.Configuration;

  beforeAll(async () => {
    idp = await startUpstreamIdp({
      accounts: [
        { sub: 'alice-sub', email: 'alice@contoso.example', email_verified: true, name: 'Alice' },
        { sub: 'bob-sub', email: 'bob@contoso.example', email_verified: false },
      ],
    });
    idp.addClient({ clientId, clientSecret, redirectUris: [redirectUri] });
    config = await discover(idp);
  });

  afterAll(async () => {
    await idp.stop();
  });

  it('is discoverable at its loopback issuer', () => {
    const metadata = config.serverMetadata();
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(metadata.issuer).toBe(idp.issuer);
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.response_types_supported).toEqual(['code']);
  });

  it('signs in the login_hint account through a code flow with PKCE, state, nonce and iss', async () => {
    const { callback, verifier, state, nonce } = await authorize(config, 'ALICE@contoso.example');
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(callback.searchParams.get('iss')).toBe(idp.issuer);
    expect(callback.searchParams.get('state')).toBe(state);

    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: clientId,
      sub: 'alice-sub',
      email: 'alice@contoso.example',
      email_verified: true,
      name: 'Alice',
      nonce,
    });

    const request = idp.authorizationRequests.at(-1);
    expect(request).toMatchObject({
      login_hint: 'ALICE@contoso.example',
      code_challenge_method: 'S256',
      state,
      nonce,
      client_id: clientId,
      redirect_uri: redirectUri,
    });
  });

  it('signInAs overrides the login_hint, and accounts can change at any time', async () => {
    idp.accounts.set('bob-sub', {
      sub: 'bob-sub',
      email: 'bob@contoso.example',
      email_verified: true,
    });
    idp.signInAs('bob-sub');
    try {
      const { callback, verifier, state, nonce } = await authorize(config, 'alice@contoso.example');
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
      });
      expect(tokens.claims()).toMatchObject({ sub: 'bob-sub', email_verified: true });
    } finally {
      idp.signInAs(undefined);
    }
  });

  it('answers access_denied when told to deny, or when no account matches', async () => {
    idp.behave('deny');
    try {
      const { callback, state } = await authorize(config, 'alice@contoso.example');
      expect(callback.searchParams.get('error')).toBe('access_denied');
      expect(callback.searchParams.get('error_description')).toBe('the user declined');
      expect(callback.searchParams.get('iss')).toBe(idp.issuer);
      expect(callback.searchParams.get('state')).toBe(state);
      expect(callback.searchParams.get('code')).toBeNull();
    } finally {
      idp.behave('login');
    }
    const unknown = await authorize(config, 'nobody@contoso.example');
    expect(unknown.callback.searchParams.get('error')).toBe('access_denied');
  });

  it('decides every request afresh, even in a browser with an upstream session', async () => {
    const jar = new Map<string, string>();
    const first = await authorize(config, 'alice@contoso.example', jar);
    expect(first.callback.searchParams.get('code')).toBeTruthy();
    // its own cookie names: no clash with Guestpass's _session on the same host
    expect([...jar.keys()]).toContain('upstream_session');
    expect([...jar.keys()]).not.toContain('_session');

    const second = await authorize(config, 'bob@contoso.example', jar);
    const tokens = await oidc.authorizationCodeGrant(config, second.callback, {
      pkceCodeVerifier: second.verifier,
      expectedState: second.state,
      expectedNonce: second.nonce,
    });
    expect(tokens.claims()?.sub).toBe('bob-sub');

    idp.behave('deny');
    try {
      const third = await authorize(config, 'bob@contoso.example', jar);
      expect(third.callback.searchParams.get('error')).toBe('access_denied');
    } finally {
      idp.behave('login');
    }
  });

  it('is unreachable after stop() and back after start()', async () => {
    await idp.stop();
    await expect(discover(idp)).rejects.toThrow();
    await idp.start();
    const again = await discover(idp);
    expect(again.serverMetadata().issuer).toBe(idp.issuer);
  });
});
