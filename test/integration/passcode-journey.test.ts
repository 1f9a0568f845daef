import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { attributesOf, buttons, heading, HttpBrowser } from '../support/http-browser.js';
import {
  invite,
  isCallback,
  latestCode,
  passcodeSignIn,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { mailSettled } from '../support/mail-settled.js';

let world: JourneyWorld;
let rp: RelyingParty;

beforeAll(async () => {
  world = await startJourneyWorld();
  rp = await relyingParty(world.t, 'fabrikam', { displayName: 'Fabrikam' });
});
afterAll(async () => world.close());

describe('guest sign-in with an email one-time passcode', () => {
  it('an invited guest signs in: Send code, the mailed code, accept, consent, ID token with the guest claims', async () => {
    const invitation = await invite(world.t, 'fabrikam', 'guest@gmail.com');
    expect(invitation.emailSent).toBe(true);
    expect(invitation.guest).toMatchObject({ state: 'pendingAcceptance', authMethod: null });

    const signIn = new SignIn(rp);
    const identify = await signIn.start();
    expect(identify.status).toBe(200);
    expect(heading(identify)).toBe('Sign in');
    expect(attributesOf(identify, 'input', 'email')).toMatchObject({
      type: 'email',
      autocomplete: 'email webauthn', // and passkeys in its autofill, where the browser has them
    });

    const send = await signIn.browser.submit(identify, 'identify', { email: 'Guest@Gmail.com' });
    expect(heading(send)).toBe('Verify your email');
    expect(send.html).toContain('guest@gmail.com');
    expect(buttons(send)).toContain('Send code');

    const enter = await signIn.browser.submit(send, 'send');
    expect(heading(enter)).toBe('Enter code');
    expect(attributesOf(enter, 'input', 'code')).toMatchObject({
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
    });
    await mailSettled();
    const mail = world.sendgrid.requests.at(-1)?.body as {
      subject: string;
      content: { type: string; value: string }[];
    };
    expect(mail.subject).toContain('Fabrikam');
    expect(mail.content.find((c) => c.type === 'text/plain')?.value).toMatch(/30 minutes/);

    const accept = await signIn.browser.submit(enter, 'verify', {
      code: await latestCode(world.sendgrid, 'guest@gmail.com'),
    });
    expect(heading(accept)).toBe('Accept invitation');
    const consent = await signIn.browser.submit(accept, 'accept', { decision: 'accept' });
    expect(heading(consent)).toBe('Allow access?');
    const callback = await signIn.browser.submit(
      consent,
      'consent',
      { decision: 'allow' },
      isCallback,
    );
    expect(isCallback(callback.url)).toBe(true);

    const tokens = await signIn.tokens(callback.url);
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      iss: `${world.t.url}/fabrikam`,
      sub: invitation.guest.id,
      email: 'guest@gmail.com',
      email_verified: true,
      amr: ['otp'],
      idp: 'mail',
      nonce: signIn.nonce,
    });
    expect(typeof claims?.auth_time).toBe('number');

    const guest = await world.t.admin('GET', `/tenants/fabrikam/guests/${invitation.guest.id}`);
    expect(guest.body).toMatchObject({
      state: 'accepted',
      authMethod: 'otp',
      redeemedAt: expect.any(String),
    });
  });

  it('a second sign-in within the session needs no code (SSO), and prompt=login or max_age ask for a new one', async () => {
    await invite(world.t, 'fabrikam', 'sso@example.com');
    const browser = new HttpBrowser();
    const first = new SignIn(rp, browser);
    await passcodeSignIn(world, first, 'sso@example.com');

    await mailSettled();
    const mailsBefore = world.sendgrid.requests.length;
    const second = new SignIn(rp, browser);
    const back = await second.start();
    expect(isCallback(back.url)).toBe(true);
    expect((await second.tokens(back.url)).claims()?.email).toBe('sso@example.com');
    await mailSettled();
    expect(world.sendgrid.requests.length).toBe(mailsBefore);

    for (const params of [{ prompt: 'login' }, { max_age: '0' }] as Record<string, string>[]) {
      const forced = new SignIn(rp, browser);
      const page = await forced.start(params);
      expect(isCallback(page.url)).toBe(false);
      expect(heading(page)).toBe('Verify your email');
    }
  });

  it('the relying party login_hint skips the email page; "Use a different email" goes back to it', async () => {
    await invite(world.t, 'fabrikam', 'hinted@example.com');
    const signIn = new SignIn(rp);
    const send = await signIn.start({ login_hint: 'hinted@example.com' });
    expect(heading(send)).toBe('Verify your email');
    const identify = await signIn.browser.submit(send, 'restart');
    expect(heading(identify)).toBe('Sign in');
  });

  it('the invitation mail links to a redemption that signs the guest in and lands on the redirect URL', async () => {
    const invitation = await invite(world.t, 'fabrikam', 'linked@example.com', {
      redirectUrl: 'https://apps.example.com/after',
    });
    await mailSettled();
    const mail = world.sendgrid.requests.at(-1)?.body as {
      content: { type: string; value: string }[];
    };
    expect(mail.content.find((c) => c.type === 'text/plain')?.value).toContain(
      invitation.redeemUrl,
    );
    expect(invitation.redeemUrl).toMatch(new RegExp(`^${world.t.url}/fabrikam/invite/`));

    const browser = new HttpBrowser();
    const send = await browser.go(invitation.redeemUrl);
    expect(heading(send)).toBe('Verify your email');
    const enter = await browser.submit(send, 'send');
    const accept = await browser.submit(enter, 'verify', {
      code: await latestCode(world.sendgrid, 'linked@example.com'),
    });
    expect(heading(accept)).toBe('Accept invitation');
    const landed = await browser.submit(accept, 'accept', { decision: 'accept' }, (url) =>
      url.startsWith('https://apps.example.com/'),
    );
    expect(landed.url).toBe('https://apps.example.com/after');
    const guest = await world.t.admin('GET', `/tenants/fabrikam/guests/${invitation.guest.id}`);
    expect(guest.body).toMatchObject({ state: 'accepted', authMethod: 'otp' });

    // the guest now has a session: a relying party's sign-in needs no code
    const signIn = new SignIn(rp, browser);
    const page = await signIn.start();
    expect(heading(page)).toBe('Allow access?');
  });

  it('an invalid or unknown redemption link gets a clear page', async () => {
    const page = await new HttpBrowser().go(`${world.t.url}/fabrikam/invite/${'x'.repeat(43)}`);
    expect(page.status).toBe(404);
    expect(heading(page)).toBe('Invitation not valid');
  });

  it('a skip_consent client goes straight back after the code', async () => {
    const trusted = await relyingParty(world.t, 'fabrikam', { skipConsent: true });
    await invite(world.t, 'fabrikam', 'trusting@example.com');
    const signIn = new SignIn(trusted);
    const callback = await passcodeSignIn(world, signIn, 'trusting@example.com');
    expect((await signIn.tokens(callback)).claims()?.email).toBe('trusting@example.com');
  });

  it('an expired interaction shows a clear page, not a stack trace', async () => {
    const page = await new HttpBrowser().go(`${world.t.url}/fabrikam/interaction/nonexistent`);
    expect(page.status).toBe(400);
    expect(heading(page)).toBe('Sign-in expired');
  });
});
