import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { heading, HttpBrowser } from '../support/http-browser.js';
import { invite, isCallback, relyingParty, SignIn } from '../support/guest-journey.js';
import type { RelyingParty } from '../support/guest-journey.js';
import { startSmtpCapture } from '../support/smtp-capture.js';
import type { SmtpCapture } from '../support/smtp-capture.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { mailSettled } from '../support/mail-settled.js';

let smtp: SmtpCapture;
let t: TestApp;
let rp: RelyingParty;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await startTestApp({
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Fabrikam Guests <guests@fabrikam.example>',
  });
  rp = await relyingParty(t, 'fabrikam', { displayName: 'Fabrikam' });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

/** the code in the newest message to an address (the plain-text part, as received over SMTP) */
async function codeFromSmtp(email: string): Promise<string> {
  await mailSettled();
  const message = smtp.messages.filter((m) => m.to.includes(email)).at(-1);
  const code =
    message &&
    /\b(\d{6})\b/.exec(
      message.raw
        .split(/\r?\n\r?\n/)
        .slice(1)
        .join('\n'),
    )?.[1];
  if (!code) throw new Error(`no code mailed to ${email}`);
  return code;
}

describe('guest sign-in with the passcode mailed over SMTP', () => {
  it('the invitation and the code arrive by SMTP, and the guest signs in with it', async () => {
    const invitation = await invite(t, 'fabrikam', 'smtp-guest@example.com');
    expect(invitation.emailSent).toBe(true);
    await mailSettled();
    const invitationMail = smtp.messages.at(-1);
    expect(invitationMail?.to).toEqual(['smtp-guest@example.com']);
    expect(invitationMail?.header('subject')).toContain('Fabrikam');

    const signIn = new SignIn(rp, new HttpBrowser());
    const identify = await signIn.start();
    const send = await signIn.browser.submit(identify, 'identify', {
      email: 'smtp-guest@example.com',
    });
    const enter = await signIn.browser.submit(send, 'send');
    expect(heading(enter)).toBe('Enter code');
    await mailSettled();
    const mail = smtp.messages.at(-1);
    expect(mail?.from).toBe('guests@fabrikam.example');
    expect(mail?.to).toEqual(['smtp-guest@example.com']);

    const accept = await signIn.browser.submit(enter, 'verify', {
      code: await codeFromSmtp('smtp-guest@example.com'),
    });
    const consent = await signIn.browser.submit(accept, 'accept', { decision: 'accept' });
    const callback = await signIn.browser.submit(
      consent,
      'consent',
      { decision: 'allow' },
      isCallback,
    );
    const claims = (await signIn.tokens(callback.url)).claims();
    expect(claims).toMatchObject({
      email: 'smtp-guest@example.com',
      amr: ['otp'],
      idp: 'mail',
      email_verified: true,
    });
  });

  it('an SMTP 4xx is retried and the guest gets one code', async () => {
    await invite(t, 'fabrikam', 'greylisted@example.com', { sendEmail: false });
    smtp.failNext(1, 451);
    await mailSettled();
    const before = smtp.messages.length;
    const signIn = new SignIn(rp);
    const send = await signIn.start({ login_hint: 'greylisted@example.com' });
    const enter = await signIn.browser.submit(send, 'send');
    expect(heading(enter)).toBe('Enter code');
    await mailSettled();
    expect(smtp.messages.length - before).toBe(1);
  });
});
