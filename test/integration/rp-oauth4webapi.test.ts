import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import {
  invite,
  isCallback,
  passcodeSignIn,
  redirectUri,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld } from '../support/guest-journey.js';
import { HttpBrowser } from '../support/http-browser.js';

/**
 * The relying-party check (issue 10): a passcode sign-in completed by oauth4webapi, the
 * low-level client openid-client is built on, used directly as an application would:
 * discovery, PKCE, state, nonce, the code exchange, the ID token, userinfo, refresh.
 */
let world: JourneyWorld;
let as: oauth.AuthorizationServer;
let client: oauth.Client;
let clientAuth: oauth.ClientAuth;
const insecure = { [oauth.allowInsecureRequests]: true };
const email = 'oauth4webapi@example.com';

beforeAll(async () => {
  world = await startJourneyWorld();
  await world.t.admin('POST', '/tenants', { id: 'fabrikam', displayName: 'Fabrikam' });
  const created = await world.t.admin('POST', '/tenants/fabrikam/clients', {
    client_name: 'oauth4webapi app',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
  });
  expect(created.status).toBe(201);
  const issuer = new URL(`${world.t.url}/fabrikam`);
  as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { ...insecure, algorithm: 'oidc' }),
  );
  client = { client_id: created.body.client_id };
  clientAuth = oauth.ClientSecretBasic(created.body.client_secret);
  await invite(world.t, 'fabrikam', email, { sendEmail: false });
});
afterAll(async () => world.close());

describe('oauth4webapi', () => {
  it('completes a passcode sign-in: code + PKCE, a verified ID token, userinfo and a refresh', async () => {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const authorizationUrl = new URL(as.authorization_endpoint ?? '');
    for (const [name, value] of Object.entries({
      client_id: client.client_id,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid email profile offline_access',
      prompt: 'consent',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    }))
      authorizationUrl.searchParams.set(name, value);

    const browser = new HttpBrowser();
    const callback = await passcodeSignIn(
      world,
      { browser, start: () => browser.go(authorizationUrl.href, {}, isCallback) },
      email,
    );

    const params = oauth.validateAuthResponse(as, client, new URL(callback), state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth,
      params,
      redirectUri,
      verifier,
      insecure,
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: nonce,
      requireIdToken: true,
    });
    const claims = oauth.getValidatedIdTokenClaims(result);
    expect(claims).toMatchObject({ iss: as.issuer, aud: client.client_id, email, nonce });
    // oauth4webapi trusts the token endpoint over TLS; check the signature as well
    await expect(
      jwtVerify(result.id_token ?? '', createRemoteJWKSet(new URL(as.jwks_uri ?? ''))),
    ).resolves.toBeDefined();

    const userinfo = await oauth.processUserInfoResponse(
      as,
      client,
      claims?.sub ?? '',
      await oauth.userInfoRequest(as, client, result.access_token, insecure),
    );
    expect(userinfo).toMatchObject({ sub: claims?.sub, email, email_verified: true });

    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(
        as,
        client,
        clientAuth,
        result.refresh_token ?? '',
        insecure,
      ),
    );
    expect(refreshed.access_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(result.refresh_token);
  });
});
