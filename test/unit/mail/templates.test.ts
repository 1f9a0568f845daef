import { describe, expect, it } from '@jest/globals';
import { invitationMail } from '../../../interactions/mail/invitation-mail.js';
import { passcodeMail } from '../../../interactions/methods/passcode/passcode-mail.js';

const evilName = '<script>alert(1)</script> & "Co" <img src=x onerror=alert(2)>';

describe('passcode mail', () => {
  const mail = passcodeMail({
    organization: 'Fabrikam',
    code: '123456',
    email: 'alex@example.com',
  });

  it('says the code, that it expires in 30 minutes, who asked, and that it can be ignored', () => {
    expect(mail.subject).toBe('Your Fabrikam verification code');
    for (const part of [mail.text, mail.html.replace(/\s+/g, ' ').replaceAll('&#39;', "'")]) {
      expect(part).toContain('123456');
      expect(part).toContain('30 minutes');
      expect(part).toContain('Fabrikam');
      expect(part).toMatch(/didn't request a code, you can ignore this email/);
    }
  });

  it('uses the given lifetime', () => {
    const short = passcodeMail({ organization: 'F', code: '1', ttlMinutes: 10, email: 'a@b.c' });
    expect(short.text).toContain('10 minutes');
    expect(short.html).toContain('10 minutes');
  });

  it('HTML-escapes an organization name with markup', () => {
    const { html } = passcodeMail({ organization: evilName, code: '1', email: 'a@b.c' });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
  });

  it('keeps CR/LF in the organization name out of the subject', () => {
    const { subject, text } = passcodeMail({
      organization: 'Evil\r\nBcc: attacker@example.com',
      code: '1',
      email: 'a@b.c',
    });
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toBe('Your Evil Bcc: attacker@example.com verification code');
    expect(text).not.toMatch(/^Bcc:/m);
  });
});

describe('invitation mail', () => {
  const redeemUrl = 'https://guestpass.example/fabrikam/redeem?t=abc&x=1';

  it('names the organization, links the redeem URL, and announces a one-time code', () => {
    const mail = invitationMail({
      organization: 'Fabrikam',
      redeemUrl,
      email: 'alex@example.com',
      method: { amr: ['otp'], label: 'one-time code' },
    });
    expect(mail.subject).toBe('Fabrikam invited you');
    expect(mail.text).toContain(redeemUrl);
    expect(mail.text).toContain('one-time code to alex@example.com');
    expect(mail.html).toContain(`href="${redeemUrl.replace('&', '&amp;')}"`);
    expect(mail.html).toContain('Accept invitation');
    expect(mail.html).toContain('one-time code');
  });

  it.each([
    [
      'the passcode',
      { amr: ['otp'], label: 'one-time code' },
      "When you sign in, we'll send a one-time code to alex@example.com to confirm it's you.",
    ],
    [
      'a federation rule (OpenID or SAML)',
      { amr: ['fed'], label: 'your organization account' },
      "When you sign in, you'll use your own organization's account for alex@example.com.",
    ],
    [
      'another method',
      { amr: ['user'], label: 'approval by an admin' },
      "When you sign in, you'll be asked to confirm it's you (approval by an admin).",
    ],
    [
      'no method yet (a forced invitation)',
      undefined,
      "When you sign in, you'll be asked to confirm that alex@example.com is yours.",
    ],
  ])('says how signing in works by the method that will apply: %s', (_name, method, sentence) => {
    const mail = invitationMail({
      organization: 'Fabrikam',
      redeemUrl,
      email: 'alex@example.com',
      method,
    });
    expect(mail.text).toContain(sentence);
    expect(mail.html.replace(/\s+/g, ' ')).toContain(sentence.replace(/'/g, '&#39;'));
    if (method?.amr[0] !== 'otp') {
      expect(mail.text).not.toContain('code');
      expect(mail.html).not.toContain('code');
    }
  });

  it('greets the guest by name when one is given', () => {
    const mail = invitationMail({
      organization: 'Fabrikam',
      redeemUrl,
      guestName: 'Alex Doe',
      email: 'alex@example.com',
    });
    expect(mail.text).toMatch(/^Hello Alex Doe,/);
    expect(mail.html).toContain('Hello Alex Doe,');
  });

  it('HTML-escapes markup in the organization and guest names', () => {
    const { html } = invitationMail({
      organization: evilName,
      redeemUrl,
      guestName: '<b onmouseover=alert(3)>Alex</b>',
      email: 'alex@example.com',
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b onmouseover');
    expect(html).toContain('&lt;b onmouseover=alert(3)&gt;Alex&lt;/b&gt;');
  });

  it('keeps CR/LF in the organization name out of the subject', () => {
    const { subject } = invitationMail({
      organization: 'Evil\nBcc: attacker@example.com\r',
      redeemUrl,
      email: 'a@b.c',
    });
    expect(subject).toBe('Evil Bcc: attacker@example.com invited you');
  });

  it('refuses a redeem URL that is not http(s)', () => {
    expect(() =>
      invitationMail({ organization: 'F', redeemUrl: 'javascript:alert(1)', email: 'a@b.c' }),
    ).toThrow(/http/);
  });
});
