import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as oidc from 'openid-client';
import { isCallback, redirectUri } from '../support/guest-journey.js';
import { heading, HttpBrowser } from '../support/http-browser.js';
import { startPluginHost } from '../support/plugin-host.js';
import type { PluginHost } from '../support/plugin-host.js';
import { startUpstreamIdp } from '../support/upstream-idp.js';
import type { UpstreamIdp } from '../support/upstream-idp.js';

/**
 * Federation first, through the plugin: the organization's rule sends partner.example guests
 * to their own IdP (a real oidc-provider on loopback); the ID token of the host's provider
 * then says amr fed and idp = the upstream issuer, exactly as on the standalone server.
 */
let host: PluginHost;
let upstream: UpstreamIdp;

beforeAll(async () => {
  upstream = await startUpstreamIdp({
    accounts: [{ sub: 'u-kim', email: 'kim@partner.example', email_verified: true }],
  });
  host = await startPluginHost({
    mail: { transport: 'outbox' },
    federation: {
      rules: [
        {
          id: 'partner',
          domains: ['partner.example'],
          issuer: upstream.issuer,
          clientId: 'guestpass-acme',
          clientSecret: 'secret-of-acme',
        },
      ],
    },
  });
  upstream.addClient({
    clientId: 'guestpass-acme',
    clientSecret: 'secret-of-acme',
    redirectUris: [`${host.url}/federation/callback`],
  });
});

afterAll(async () => {
  await host?.close();
  await upstream?.stop();
});

describe('federation through the plugin', () => {
  it('sends a guest of a federated domain to their IdP and signs them in with amr fed', async () => {
    const invited = await host.guestpass.invitations.create({
      email: 'kim@partner.example',
      redirectUrl: 'https://app.acme.example/',
      sendEmail: false,
    });
    const config = await oidc.discovery(
      new URL(host.url),
      host.client.clientId,
      host.client.clientSecret,
      undefined,
      { execute: [oidc.allowInsecureRequests] },
    );
    const verifier = oidc.randomPKCECodeVerifier();
    const browser = new HttpBrowser();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      login_hint: 'kim@partner.example',
    });
    let page = await browser.go(url.href, {}, isCallback);
    expect(upstream.authorizationRequests.at(-1)).toMatchObject({
      login_hint: 'kim@partner.example',
    });
    expect(heading(page)).toBe('Accept invitation');
    page = await browser.submit(page, 'accept', { decision: 'accept' }, isCallback);
    page = await browser.submit(page, 'consent', { decision: 'allow' }, isCallback);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url), {
      pkceCodeVerifier: verifier,
    });
    expect(tokens.claims()).toMatchObject({
      sub: invited.guest.id,
      email: 'kim@partner.example',
      amr: ['fed'],
      idp: upstream.issuer,
    });
    expect(await host.guestpass.guests.find(invited.guest.id)).toMatchObject({
      authMethod: 'federation',
      federation: { issuer: upstream.issuer, subject: 'u-kim' },
    });
  });
});
