import * as oidc from 'openid-client';
import { expect } from '@jest/globals';
import type { AppOptions } from '../../src/server/create-app.js';
import type { SendGridStandIn } from './sendgrid-stand-in.js';
import { startSendGridStandIn } from './sendgrid-stand-in.js';
import { startTestApp } from './test-app.js';
import type { TestApp } from './test-app.js';
import { HttpBrowser, heading } from './http-browser.js';
import { mailSettled } from './mail-settled.js';
import { uniqueId } from './shared-state.js';
import type { Page } from './http-browser.js';

export const redirectUri = 'http://127.0.0.1:9/callback';

/** An app whose mail goes to a local SendGrid stand-in, with a tenant and a relying party. */
export interface JourneyWorld {
  t: TestApp;
  sendgrid: SendGridStandIn;
  close(): Promise<void>;
}

export async function startJourneyWorld(
  env: Record<string, string> = {},
  options: AppOptions = {},
): Promise<JourneyWorld> {
  const sendgrid = await startSendGridStandIn();
  const t = await startTestApp(
    {
      MAIL_TRANSPORT: 'sendgrid',
      SENDGRID_API_KEY: 'SG.test-key',
      SENDGRID_API_URL: sendgrid.url,
      ...env,
    },
    options,
  );
  return {
    t,
    sendgrid,
    async close() {
      await t.close();
      await sendgrid.close();
    },
  };
}

export interface RelyingParty {
  clientId: string;
  clientSecret: string;
  config: oidc.Configuration;
}

/** Creates a tenant (if needed) and a confidential relying party, discovered by openid-client. */
export async function relyingParty(
  t: TestApp,
  tenant: string,
  options: {
    skipConsent?: boolean;
    displayName?: string;
    grantTypes?: string[];
    /** where the relying party finds the issuer (PUBLIC_URL's origin when it is not t.url) */
    base?: string;
  } = {},
): Promise<RelyingParty> {
  const existing = await t.admin('GET', `/tenants/${tenant}`);
  if (existing.status === 404) {
    expect(
      (
        await t.admin('POST', '/tenants', {
          id: tenant,
          displayName: options.displayName ?? tenant,
        })
      ).status,
    ).toBe(201);
  }
  const created = await t.admin('POST', `/tenants/${tenant}/clients`, {
    client_name: `App of ${tenant}`,
    redirect_uris: [redirectUri],
    skip_consent: options.skipConsent ?? false,
    grant_types: options.grantTypes ?? ['authorization_code'],
  });
  expect(created.status).toBe(201);
  const config = await oidc.discovery(
    new URL(`${options.base ?? t.url}/${tenant}`),
    created.body.client_id,
    created.body.client_secret,
    undefined,
    { execute: [oidc.allowInsecureRequests] },
  );
  return { clientId: created.body.client_id, clientSecret: created.body.client_secret, config };
}

export async function invite(
  t: TestApp,
  tenant: string,
  email: string,
  extra: Record<string, unknown> = {},
) {
  const response = await t.admin('POST', `/tenants/${tenant}/invitations`, {
    email,
    redirectUrl: 'https://apps.example.com/welcome',
    ...extra,
  });
  expect([200, 201]).toContain(response.status);
  return response.body as {
    guest: { id: string; email: string };
    redeemUrl: string;
    emailSent: boolean;
  };
}

/** A tenant no other test uses (`fabrikam-…`, shown as Fabrikam) and a relying party of it. */
export async function freshTenant(
  t: TestApp,
  options: Omit<Parameters<typeof relyingParty>[2], 'displayName'> = {},
): Promise<{ tenant: string; rp: RelyingParty }> {
  const tenant = uniqueId('fabrikam');
  return { tenant, rp: await relyingParty(t, tenant, { displayName: 'Fabrikam', ...options }) };
}

/** A fresh tenant (`freshTenant`) with `email` invited to it, no mail sent. */
export async function invitedGuest(
  t: TestApp,
  email: string,
  options: Parameters<typeof freshTenant>[1] = {},
) {
  const { tenant, rp } = await freshTenant(t, options);
  const invitation = await invite(t, tenant, email, { sendEmail: false });
  return { tenant, rp, email, invitation };
}

/** An admin API answer that is 404 and names what it did not find (`"id"`, quoted). */
export function expectNotFound(
  response: { status: number; body: { error_description?: string } },
  name: string,
) {
  expect(response.status).toBe(404);
  expect(response.body.error_description).toContain(`"${name}"`);
}

/** An authorization request with PKCE, state and nonce, as a real relying party makes it. */
export class SignIn {
  readonly verifier = oidc.randomPKCECodeVerifier();
  readonly state = oidc.randomState();
  readonly nonce = oidc.randomNonce();

  constructor(
    readonly rp: RelyingParty,
    readonly browser: HttpBrowser = new HttpBrowser(),
  ) {}

  async url(params: Record<string, string> = {}): Promise<string> {
    return oidc.buildAuthorizationUrl(this.rp.config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(this.verifier),
      code_challenge_method: 'S256',
      state: this.state,
      nonce: this.nonce,
      ...params,
    }).href;
  }

  /** opens the authorization URL and follows redirects to the first page (or back to the RP) */
  async start(params: Record<string, string> = {}): Promise<Page> {
    return this.browser.go(await this.url(params), {}, isCallback);
  }

  /** exchanges the code of the callback URL (checks state, nonce, PKCE) */
  async tokens(callbackUrl: string) {
    return oidc.authorizationCodeGrant(this.rp.config, new URL(callbackUrl), {
      pkceCodeVerifier: this.verifier,
      expectedState: this.state,
      expectedNonce: this.nonce,
    });
  }
}

export const isCallback = (url: string) => url.startsWith(redirectUri);

/**
 * The plain-text bodies of every mail the stand-in received for an address, oldest first,
 * once queued mail is out (mail leaves the request: src/mail/courier/).
 */
export async function mailTextsTo(sendgrid: SendGridStandIn, email: string): Promise<string[]> {
  await mailSettled();
  return sendgrid.requests
    .map(
      (r) =>
        r.body as {
          personalizations?: { to?: { email: string }[] }[];
          content?: { type: string; value: string }[];
        },
    )
    .filter((b) => b.personalizations?.some((p) => p.to?.some((to) => to.email === email)))
    .map((b) => b.content?.find((c) => c.type === 'text/plain')?.value ?? '');
}

/** Every code the stand-in received for an address, oldest first, once queued mail is out. */
export async function codesTo(
  sendgrid: SendGridStandIn,
  email: string,
  length = 6,
): Promise<string[]> {
  return (
    (await mailTextsTo(sendgrid, email))
      // the code stands on a line of its own (an address like link.123456@… is not a code)
      .map((text) => new RegExp(`^\\s*(\\d{${length}})\\s*$`, 'm').exec(text)?.[1])
      .filter((code): code is string => code !== undefined)
  );
}

/** The newest code the stand-in delivered to an address. */
export async function latestCode(
  sendgrid: SendGridStandIn,
  email: string,
  length = 6,
): Promise<string> {
  const code = (await codesTo(sendgrid, email, length)).at(-1);
  if (!code) throw new Error(`no code mailed to ${email}`);
  return code;
}

export async function mailsTo(sendgrid: SendGridStandIn, email: string): Promise<number> {
  await mailSettled();
  return sendgrid.requests.filter((r) => JSON.stringify(r.body).includes(`"email":"${email}"`))
    .length;
}

/** From the identify page through Send code; returns the enter-code page. */
export async function identifyAndSend(
  browser: HttpBrowser,
  page: Page,
  email: string,
): Promise<Page> {
  let current = page;
  if (heading(current) === 'Sign in')
    current = await browser.submit(current, 'identify', { email });
  expect(heading(current)).toBe('Verify your email');
  const entered = await browser.submit(current, 'send');
  return entered;
}

/**
 * The whole passcode sign-in from the first page: identify, Send code, the code from the
 * mail, accept the invitation the first time, consent when asked; returns the callback URL.
 */
export async function passcodeSignIn(
  world: JourneyWorld,
  /**
   * openid-client's SignIn, or any relying party's start of a sign-in in a browser, with where
   * that relying party's redirect URI is (default: the tests' own, `redirectUri`)
   */
  signIn: Pick<SignIn, 'browser' | 'start'> & { isCallback?: (url: string) => boolean },
  email: string,
  params: Record<string, string> = {},
  /** the first page when the test opened it itself (a POSTed authorization request) */
  opened?: Page,
) {
  const done = signIn.isCallback ?? isCallback;
  const first = opened ?? (await signIn.start(params));
  if (done(first.url)) return first.url;
  const enter = await identifyAndSend(signIn.browser, first, email);
  expect(heading(enter)).toBe('Enter code');
  let page = await signIn.browser.submit(
    enter,
    'verify',
    { code: await latestCode(world.sendgrid, email) },
    done,
  );
  if (heading(page) === 'Accept invitation')
    page = await signIn.browser.submit(page, 'accept', { decision: 'accept' }, done);
  if (heading(page) === 'Allow access?')
    page = await signIn.browser.submit(page, 'consent', { decision: 'allow' }, done);
  expect(done(page.url)).toBe(true);
  return page.url;
}
