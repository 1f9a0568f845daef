import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startFederationWorld } from '../support/federation-world.js';
import type { FederationWorld } from '../support/federation-world.js';
import { signsInFederated } from '../support/federation-sign-in.js';
import {
  expectNotFound,
  freshTenant,
  identifyAndSend,
  invite,
  invitedGuest,
  isCallback,
  latestCode,
  mailsTo,
  passcodeSignIn,
  SignIn,
} from '../support/guest-journey.js';
import { heading, HttpBrowser } from '../support/http-browser.js';
import { introspect } from '../support/introspect.js';
import { cliFor } from '../support/run-cli.js';

// the CLI tests spawn the real CLI (node + tsx): about a second each
jest.setTimeout(60_000);

let world: FederationWorld;

beforeAll(async () => {
  world = await startFederationWorld(
    [
      { sub: 'u-carol', email: 'carol@partner.example', email_verified: true, name: 'Carol' },
      { sub: 'u-dan', email: 'dan@partner.example', email_verified: true, name: 'Dan' },
      // a guest signs in twice within a minute here: no wait between codes
    ],
    { OTP_RESEND_COOLDOWN_SECONDS: '0' },
  );
});
afterAll(async () => world.close());

/** the relying parties here may refresh tokens */
const refreshTokens = { grantTypes: ['authorization_code', 'refresh_token'] };
/** the calling test's own tenant and relying party */
const newTenant = () => freshTenant(world.t, refreshTokens);
/** the calling test's own tenant and relying party, with `email` invited (no mail) */
const newGuest = (email: string) => invitedGuest(world.t, email, refreshTokens);

const guestOf = async (tenant: string, id: string) =>
  (await world.t.admin('GET', `/tenants/${tenant}/guests/${id}`)).body;

const reset = (tenant: string, id: string, body?: unknown) =>
  world.t.admin('POST', `/tenants/${tenant}/guests/${id}/reset-redemption`, body);

describe('Reset redemption: the guest keeps their id and chooses their method anew', () => {
  it('ends the sessions and tokens of before, returns a fresh link, and the next sign-in accepts the invitation again with the same sub', async () => {
    const { tenant, rp, email, invitation } = await newGuest('pat@example.com');
    const browser = new HttpBrowser();
    const signIn = new SignIn(rp, browser);
    const callback = await passcodeSignIn(world, signIn, email, {
      scope: 'openid email offline_access',
      prompt: 'consent',
    });
    const tokens = await signIn.tokens(callback);
    expect(tokens.claims()?.sub).toBe(invitation.guest.id);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect((await introspect(world.t, tenant, rp, tokens.access_token)).active).toBe(true);
    const redeemed = await guestOf(tenant, invitation.guest.id);
    expect(redeemed).toMatchObject({ state: 'accepted', authMethod: 'otp' });
    const mailsBefore = await mailsTo(world.sendgrid, email);

    // no body at all: the link is returned, not mailed
    const response = await reset(tenant, invitation.guest.id);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      guest: {
        id: invitation.guest.id,
        email,
        state: 'pendingAcceptance',
        authMethod: null,
        redeemedAt: null,
        invitedAt: redeemed.invitedAt,
      },
      redeemUrl: expect.stringMatching(new RegExp(`^${world.t.url}/${tenant}/invite/[\\w-]{43}$`)),
      emailSent: false,
      passkeysRemoved: 0,
      consentsRevoked: 1,
    });
    expect(response.body.redeemUrl).not.toBe(invitation.redeemUrl);
    expect(await mailsTo(world.sendgrid, email)).toBe(mailsBefore);
    expect(await guestOf(tenant, invitation.guest.id)).toMatchObject({
      state: 'pendingAcceptance',
      authMethod: null,
    });

    // what was issued before the reset is refused
    expect((await introspect(world.t, tenant, rp, tokens.access_token)).active).toBe(false);
    await expect(
      oidc.refreshTokenGrant(rp.config, tokens.refresh_token ?? ''),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    // the old browser session no longer signs in silently
    const silent = await new SignIn(rp, browser).start({ prompt: 'none' });
    expect(isCallback(silent.url)).toBe(true);
    expect(new URL(silent.url).searchParams.get('error')).toBe('login_required');
    const again = new SignIn(rp, browser);
    const identify = await again.start();
    expect(heading(identify)).toBe('Sign in');

    // the next sign-in is a first one: a code, the invitation to accept, consent again
    const enter = await identifyAndSend(browser, identify, email);
    let page = await browser.submit(enter, 'verify', {
      code: await latestCode(world.sendgrid, email),
    });
    expect(heading(page)).toBe('Accept invitation');
    page = await browser.submit(page, 'accept', { decision: 'accept' }, isCallback);
    expect(heading(page)).toBe('Allow access?');
    page = await browser.submit(page, 'consent', { decision: 'allow' }, isCallback);
    expect(isCallback(page.url)).toBe(true);
    expect((await again.tokens(page.url)).claims()?.sub).toBe(invitation.guest.id);
    expect(await guestOf(tenant, invitation.guest.id)).toMatchObject({
      state: 'accepted',
      authMethod: 'otp',
    });
  });

  it('a passcode guest whose domain is now federated moves to federation after the reset, with the same sub; the link is mailed on request', async () => {
    const { tenant, rp, email, invitation } = await newGuest('carol@partner.example');
    const browser = new HttpBrowser();
    const signIn = new SignIn(rp, browser);
    const before = await signIn.tokens(await passcodeSignIn(world, signIn, email));
    expect(before.claims()).toMatchObject({ sub: invitation.guest.id, idp: 'mail' });

    // the partner's domain is federated now; the guest redeemed with a code before that
    await world.setRules(tenant, [{ id: 'partner', domains: ['partner.example'] }]);
    const mailsBefore = await mailsTo(world.sendgrid, email);
    const response = await reset(tenant, invitation.guest.id, { sendEmail: true });
    expect(response.status).toBe(200);
    expect(response.body.emailSent).toBe(true);
    expect(await mailsTo(world.sendgrid, email)).toBe(mailsBefore + 1);
    expect(JSON.stringify(world.sendgrid.requests.at(-1)?.body)).toContain(response.body.redeemUrl);

    const claims = await signsInFederated(rp, email);
    expect(claims).toMatchObject({
      sub: invitation.guest.id,
      idp: world.upstream.issuer,
      amr: ['fed'],
    });
    expect(await guestOf(tenant, invitation.guest.id)).toMatchObject({
      state: 'accepted',
      authMethod: 'federation',
      federation: { issuer: world.upstream.issuer, subject: 'u-carol' },
    });
  });

  it('clears the upstream binding: a federated guest can be bound to their new upstream account', async () => {
    const { tenant, rp } = await newTenant();
    await world.setRules(tenant, [{ id: 'partner', domains: ['partner.example'] }]);
    const invitation = await invite(world.t, tenant, 'dan@partner.example', { sendEmail: false });
    await signsInFederated(rp, 'dan@partner.example');
    expect(await guestOf(tenant, invitation.guest.id)).toMatchObject({
      federation: { subject: 'u-dan' },
    });
    const response = await reset(tenant, invitation.guest.id, {
      redirectUrl: 'https://apps.example.com/again',
    });
    expect(response.status).toBe(200);
    expect(response.body.guest).not.toHaveProperty('federation');
    expect(response.body.guest.redirectUrl).toBe('https://apps.example.com/again');
    expect(await guestOf(tenant, invitation.guest.id)).not.toHaveProperty('federation');
  });

  it.each([
    [{ sendEmail: 'yes' }, 'sendEmail'],
    [{ redirectUrl: 'javascript:alert(1)' }, 'redirectUrl'],
    [{ redirectUrl: 42 }, 'redirectUrl'],
    [{ sendMail: true }, 'sendMail'],
  ])('refuses the body %j with 400 naming %s, and resets nothing', async (body, field) => {
    const { tenant, invitation } = await newGuest('kept@example.com');
    const response = await reset(tenant, invitation.guest.id, body);
    expect(response.status).toBe(400);
    expect(response.body.error_description).toContain(field);
    expect((await guestOf(tenant, invitation.guest.id)).redirectUrl).toBe(
      'https://apps.example.com/welcome',
    );
  });

  it('an unknown guest is 404 naming it; an unknown tenant 404 naming that', async () => {
    const { tenant } = await newTenant();
    expectNotFound(await reset(tenant, 'no-such-guest'), 'no-such-guest');
    expectNotFound(await reset('no-such-tenant', 'no-such-guest'), 'no-such-tenant');
  });
});

describe('guestpass guest reset-redemption', () => {
  it('resets a guest named by email address, mails the link with --send-email, and prints the redeem URL', async () => {
    const cli = cliFor(world.t.url, world.t.adminToken);
    const { tenant, rp, email, invitation } = await newGuest('cli-reset@example.com');
    await passcodeSignIn(world, new SignIn(rp), email);
    const mailsBefore = await mailsTo(world.sendgrid, email);

    const result = await cli(['guest', 'reset-redemption', tenant, email, '--send-email']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`Reset the redemption of ${email}`);
    expect(result.stdout).toMatch(new RegExp(`^id:\\s+${invitation.guest.id}$`, 'm'));
    expect(result.stdout).toMatch(/^state:\s+pendingAcceptance$/m);
    expect(result.stdout).toMatch(
      /^redeem URL: http:\/\/127\.0\.0\.1:\d+\/.+\/invite\/[\w-]{43}$/m,
    );
    expect(result.stdout).toContain(`invitation email: sent to ${email}`);
    expect(await mailsTo(world.sendgrid, email)).toBe(mailsBefore + 1);

    const json = await cli(['guest', 'reset-redemption', tenant, invitation.guest.id, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      guest: { id: invitation.guest.id, state: 'pendingAcceptance' },
      emailSent: false,
    });
    expect(await mailsTo(world.sendgrid, email)).toBe(mailsBefore + 1);

    const unknown = await cli(['guest', 'reset-redemption', tenant, 'nobody@example.com']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('nobody@example.com');
    const missing = await cli(['guest', 'reset-redemption', tenant, 'no-such-guest']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('"no-such-guest"');
  });
});
