import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as oidc from 'openid-client';
import { startHost } from '../../examples/plugin/host.js';
import type { Host } from '../../examples/plugin/host.js';
import { freePort } from '../support/free-port.js';
import { latestCode, redirectUri, isCallback, mailsTo } from '../support/guest-journey.js';
import { heading, HttpBrowser } from '../support/http-browser.js';
import { mailSettled, trackMail } from '../support/mail-settled.js';
import { scrape, valueOf } from '../support/prometheus-text.js';
import { startSendGridStandIn } from '../support/sendgrid-stand-in.js';
import type { SendGridStandIn } from '../support/sendgrid-stand-in.js';
import { testRedisUrl } from '../support/shared-state.js';

/**
 * examples/plugin/host.ts: someone else's node-oidc-provider (its own clients, its own ES256
 * key, mounted at the root of its own Koa app) with Guestpass's journey plugged in, on the
 * run's real redis-server, mail through a local SendGrid stand-in; openid-client signs in.
 */
let host: Host;
let sendgrid: SendGridStandIn;
const clientSecret = randomBytes(24).toString('base64url');
const metricsToken = randomBytes(24).toString('base64url');

beforeAll(async () => {
  sendgrid = await startSendGridStandIn();
  const port = await freePort();
  host = await startHost({
    port,
    publicUrl: `http://127.0.0.1:${port}`,
    redisUrl: testRedisUrl(),
    redisKeyPrefix: `test-${randomBytes(4).toString('hex')}:`,
    sendgrid: { apiKey: 'SG.test', apiUrl: sendgrid.url },
    secret: randomBytes(32).toString('base64url'),
    metricsToken,
    clients: [
      {
        client_id: 'acme-app',
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
  });
  trackMail(host.guestpass.core);
});

afterAll(async () => {
  await host?.close();
  await sendgrid?.close();
});

async function relyingParty() {
  return oidc.discovery(new URL(host.url), 'acme-app', clientSecret, undefined, {
    execute: [oidc.allowInsecureRequests],
  });
}

describe('the plugin on a host-owned oidc-provider (examples/plugin)', () => {
  it('signs an invited guest in with an email passcode, and the ID token carries the guest claims', async () => {
    const email = `ana.${randomBytes(3).toString('hex')}@example.com`;
    const invited = await host.guestpass.invitations.create({
      email,
      redirectUrl: 'https://app.acme.example/',
      sendEmail: false,
    });
    expect(invited.created).toBe(true);

    const config = await relyingParty();
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const browser = new HttpBrowser();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
    });
    const first = await browser.go(url.href, {}, isCallback);
    expect(heading(first)).toBe('Sign in');
    const send = await browser.submit(first, 'identify', { email });
    expect(heading(send)).toBe('Verify your email');
    const enter = await browser.submit(send, 'send');
    expect(heading(enter)).toBe('Enter code');
    expect(await mailsTo(sendgrid, email)).toBe(1);
    let page = await browser.submit(
      enter,
      'verify',
      { code: await latestCode(sendgrid, email) },
      isCallback,
    );
    expect(heading(page)).toBe('Accept invitation');
    page = await browser.submit(page, 'accept', { decision: 'accept' }, isCallback);
    expect(heading(page)).toBe('Allow access?');
    page = await browser.submit(page, 'consent', { decision: 'allow' }, isCallback);
    expect(isCallback(page.url)).toBe(true);

    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url), {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
    });
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      iss: host.url,
      sub: invited.guest.id,
      email,
      email_verified: true,
      amr: ['otp'],
      idp: 'mail',
    });
    expect((await host.guestpass.guests.find(invited.guest.id))?.state).toBe('accepted');
  });

  it('answers an address that is not invited with the same pages and sends it no mail', async () => {
    const email = `nobody.${randomBytes(3).toString('hex')}@example.com`;
    const config = await relyingParty();
    const browser = new HttpBrowser();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      login_hint: email,
    });
    const send = await browser.go(url.href, {}, isCallback);
    expect(heading(send)).toBe('Verify your email');
    const enter = await browser.submit(send, 'send');
    expect(enter.status).toBe(200);
    expect(heading(enter)).toBe('Enter code');
    expect(await mailsTo(sendgrid, email)).toBe(0);
  });

  it('redeems an invitation link through the journey and lands on its redirect URL', async () => {
    const email = `link.${randomBytes(3).toString('hex')}@example.com`;
    const invited = await host.guestpass.invitations.create({
      email,
      redirectUrl: 'https://app.acme.example/welcome',
    });
    expect(invited.emailSent).toBe(true);
    const browser = new HttpBrowser();
    const send = await browser.go(invited.redeemUrl);
    expect(heading(send)).toBe('Verify your email');
    const enter = await browser.submit(send, 'send');
    const accept = await browser.submit(enter, 'verify', {
      code: await latestCode(sendgrid, email),
    });
    expect(heading(accept)).toBe('Accept invitation');
    const landed = await browser.submit(accept, 'accept', { decision: 'accept' }, (u) =>
      u.startsWith('https://app.acme.example/'),
    );
    expect(landed.url).toBe('https://app.acme.example/welcome');
  });

  it('deleting a guest through the plugin removes them', async () => {
    const email = `gone.${randomBytes(3).toString('hex')}@example.com`;
    const invited = await host.guestpass.invitations.create({
      email,
      redirectUrl: 'https://app.acme.example/',
      sendEmail: false,
    });
    await host.guestpass.guests.delete(invited.guest.id);
    expect(await host.guestpass.guests.find(invited.guest.id)).toBeUndefined();
    expect((await host.guestpass.guests.list()).some((g) => g.id === invited.guest.id)).toBe(false);
  });

  it('pages the guests newest first, and refuses a bad page naming the field', async () => {
    const emails = ['p1', 'p2', 'p3'].map(
      (n) => `${n}.${randomBytes(3).toString('hex')}@example.com`,
    );
    for (const email of emails)
      await host.guestpass.invitations.create({
        email,
        redirectUrl: 'https://app.acme.example/',
        sendEmail: false,
      });
    const all = await host.guestpass.guests.list();
    const seen: string[] = [];
    let page = await host.guestpass.guests.page({ limit: 2 });
    expect(page.total).toBe(all.length);
    seen.push(...page.items.map((g) => g.id));
    while (page.next) {
      page = await host.guestpass.guests.page({ limit: 2, cursor: page.next });
      seen.push(...page.items.map((g) => g.id));
    }
    expect([...seen].sort()).toEqual(all.map((g) => g.id).sort());
    await expect(host.guestpass.guests.page({ limit: 0 })).rejects.toThrow('limit');
    await expect(host.guestpass.guests.page({ cursor: 'x' })).rejects.toThrow('cursor');
  });

  it("serves Guestpass's metrics on the host's /metrics, to its bearer token only", async () => {
    expect((await fetch(`${host.url}/metrics`)).status).toBe(401);
    const wrong = { authorization: `Bearer ${metricsToken}x` };
    expect((await fetch(`${host.url}/metrics`, { headers: wrong })).status).toBe(401);
    await mailSettled();
    const before = await scrape(`${host.url}/metrics`, metricsToken);
    const email = `counted.${randomBytes(3).toString('hex')}@example.com`;
    await host.guestpass.invitations.create({ email, redirectUrl: 'https://app.acme.example/' });
    await mailSettled();
    const after = await scrape(`${host.url}/metrics`, metricsToken);
    const moved = (name: string, labels: Record<string, string> = {}) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(moved('guestpass_courier_deliveries_total', { outcome: 'delivered' })).toBe(1);
    expect(
      moved('guestpass_mail_send_seconds_count', { kind: 'invitation', outcome: 'sent' }),
    ).toBe(1);
    expect(moved('guestpass_redis_operation_seconds_count')).toBeGreaterThan(0);
    expect(after.some((s) => s.name === 'guestpass_courier_queue_depth')).toBe(true);
    // the host's process is the host's to report: no process_* of the plugin's own by default
    expect(after.some((s) => s.name.startsWith('process_'))).toBe(false);
  });
});
