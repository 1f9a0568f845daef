import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { MailConfig } from '../../config/config.js';
import { passcodeMail } from '../../interactions/methods/passcode/passcode-mail.js';
import { createMailer } from '../../src/mail/create-mailer.js';
import { MailDeliveryError } from '../../src/mail/mailer.js';
import type { MailMessage } from '../../src/mail/mailer.js';
import { SendGridMailer } from '../../src/mail/sendgrid-mailer.js';
import { SmtpMailer } from '../../src/mail/smtp-mailer.js';
import { createLogger } from '../../src/util/logger.js';
import { freePort } from '../support/free-port.js';
import { startSendGridStandIn } from '../support/sendgrid-stand-in.js';
import type { SendGridStandIn } from '../support/sendgrid-stand-in.js';
import { startSmtpCapture } from '../support/smtp-capture.js';
import type { SmtpCapture } from '../support/smtp-capture.js';

const logger = createLogger('silent');
const from = 'Fabrikam via Guestpass <no-reply@guestpass.example>';
const apiKey = 'SG.test-key';

const message: MailMessage = {
  to: 'alex@example.com',
  subject: 'Your Fabrikam verification code',
  text: 'Your code is 482913.',
  html: '<p>Your code is <b>482913</b>.</p>',
  kind: 'passcode',
  tenant: 'fabrikam',
};

/** the real factory, with waits recorded instead of slept so the suite stays fast */
function mailerFor(config: Partial<MailConfig>) {
  const sleeps: number[] = [];
  const mailer = createMailer(
    {
      transport: 'outbox',
      from,
      sendgridApiKey: undefined,
      sendgridApiUrl: 'https://api.sendgrid.com',
      smtpUrl: undefined,
      giveUpSeconds: 900,
      claimIdleSeconds: 60,
      ...config,
    },
    logger,
    undefined,
    {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
  );
  return { mailer, sleeps };
}

describe('SendGrid transport (against a local stand-in of the v3 API)', () => {
  let sendgrid: SendGridStandIn;
  beforeAll(async () => {
    sendgrid = await startSendGridStandIn();
  });
  afterAll(() => sendgrid.close());
  beforeEach(() => {
    sendgrid.requests.length = 0;
    sendgrid.respondWith([]);
  });

  const sendgridMailer = () =>
    mailerFor({ transport: 'sendgrid', sendgridApiKey: apiKey, sendgridApiUrl: sendgrid.url });

  it('posts to /v3/mail/send with the Bearer API key, from, to, subject, text and html', async () => {
    const { mailer } = sendgridMailer();
    await mailer.send(message);
    expect(sendgrid.requests).toHaveLength(1);
    const [request] = sendgrid.requests;
    expect(request?.path).toBe('/v3/mail/send');
    expect(request?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(request?.body).toMatchObject({
      from: { email: 'no-reply@guestpass.example', name: 'Fabrikam via Guestpass' },
      subject: message.subject,
      personalizations: [{ to: [{ email: 'alex@example.com' }] }],
      content: [
        { type: 'text/plain', value: message.text },
        { type: 'text/html', value: message.html },
      ],
      tracking_settings: { click_tracking: { enable: false } },
    });
  });

  it('SendGrid 429 then 202 delivers once, waiting as X-RateLimit-Reset says (capped)', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 1;
    sendgrid.respondWith([
      { status: 429, headers: { 'X-RateLimit-Reset': String(reset) }, body: { errors: [] } },
    ]);
    const { mailer, sleeps } = sendgridMailer();
    await mailer.send(message);
    expect(sendgrid.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(500); // the hint (~1-2 s), not the 250 ms backoff
    expect(sleeps[0]).toBeLessThanOrEqual(2000);
  });

  it('SendGrid 401 is a permanent MailDeliveryError, not retried', async () => {
    sendgrid.respondWith([], { status: 401, body: { errors: [{ message: 'bad key' }] } });
    const { mailer, sleeps } = sendgridMailer();
    const failure = mailer.send(message);
    await expect(failure).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(failure).rejects.toMatchObject({
      permanent: true,
      status: 401,
      transport: 'sendgrid',
      code: 'mail_not_sent',
    });
    expect(sendgrid.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('SendGrid 503 on every attempt is retried 3 times, then a transient MailDeliveryError', async () => {
    sendgrid.respondWith([], { status: 503 });
    const { mailer, sleeps } = sendgridMailer();
    await expect(mailer.send(message)).rejects.toMatchObject({ permanent: false, status: 503 });
    expect(sendgrid.requests).toHaveLength(4);
    expect(sleeps).toEqual([250, 500, 1000]);
  });

  it('an unreachable SendGrid is a transient MailDeliveryError', async () => {
    const closedPort = await freePort();
    const direct = new SendGridMailer({ apiKey, apiUrl: `http://127.0.0.1:${closedPort}`, from });
    await expect(direct.send(message)).rejects.toMatchObject({
      permanent: false,
      transport: 'sendgrid',
      status: undefined,
    });
  });

  it('refuses a subject with CR/LF before any request is made', async () => {
    const direct = new SendGridMailer({ apiKey, apiUrl: sendgrid.url, from });
    await expect(
      direct.send({ ...message, subject: 'Hello\r\nBcc: attacker@example.com' }),
    ).rejects.toMatchObject({ permanent: true, transport: 'sendgrid' });
    expect(sendgrid.requests).toHaveLength(0);
  });
});

describe('SMTP transport (against a real local SMTP server)', () => {
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
  });
  afterAll(() => smtp.close());
  beforeEach(() => {
    smtp.messages.length = 0;
    smtp.failNext(0, 451);
  });

  const smtpMailer = () => mailerFor({ transport: 'smtp', smtpUrl: smtp.url });

  it('delivers with the right envelope and From, To and Subject headers', async () => {
    const { mailer } = smtpMailer();
    await mailer.send(message);
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail?.user).toBe('user');
    expect(mail?.from).toBe('no-reply@guestpass.example');
    expect(mail?.to).toEqual(['alex@example.com']);
    expect(mail?.header('from')).toBe('Fabrikam via Guestpass <no-reply@guestpass.example>');
    expect(mail?.header('to')).toBe('alex@example.com');
    expect(mail?.header('subject')).toBe(message.subject);
    expect(mail?.header('content-type')).toMatch(/^multipart\/alternative/);
    expect(mail?.raw).toContain('Your code is 482913.');
  });

  it('an SMTP 451 then success delivers once', async () => {
    smtp.failNext(1, 451);
    const refusedBefore = smtp.refused;
    const { mailer, sleeps } = smtpMailer();
    await mailer.send(message);
    expect(smtp.refused - refusedBefore).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    expect(sleeps).toEqual([250]);
  });

  it('an SMTP 550 is a permanent MailDeliveryError, not retried', async () => {
    smtp.failNext(1, 550);
    const refusedBefore = smtp.refused;
    const { mailer, sleeps } = smtpMailer();
    await expect(mailer.send(message)).rejects.toMatchObject({
      permanent: true,
      status: 550,
      transport: 'smtp',
    });
    expect(smtp.refused - refusedBefore).toBe(1);
    expect(smtp.messages).toHaveLength(0);
    expect(sleeps).toEqual([]);
  });

  it('a CR/LF in the organization name cannot add a Bcc header or a recipient', async () => {
    const content = passcodeMail({
      organization: 'Evil\r\nBcc: attacker@example.com',
      code: '482913',
      email: 'alex@example.com',
    });
    const { mailer } = smtpMailer();
    await mailer.send({ ...content, to: 'alex@example.com', kind: 'passcode', tenant: 'evil' });
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail?.to).toEqual(['alex@example.com']);
    expect(mail?.headers.bcc).toBeUndefined();
    expect(mail?.raw).not.toMatch(/^bcc:/im);
    expect(mail?.header('subject')).toBe('Your Evil Bcc: attacker@example.com verification code');
  });

  it('refuses a subject with CR/LF passed directly, and sends nothing', async () => {
    const direct = new SmtpMailer({ url: smtp.url, from });
    const failure = direct.send({ ...message, subject: 'Hello\r\nBcc: attacker@example.com' });
    await expect(failure).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(failure).rejects.toMatchObject({ permanent: true, transport: 'smtp' });
    expect(smtp.messages).toHaveLength(0);
  });

  it('refuses a to value that names more than one recipient', async () => {
    const direct = new SmtpMailer({ url: smtp.url, from });
    await expect(
      direct.send({ ...message, to: 'alex@example.com, attacker@example.com' }),
    ).rejects.toMatchObject({ permanent: true });
    expect(smtp.messages).toHaveLength(0);
  });

  it('an unreachable SMTP server is a transient MailDeliveryError', async () => {
    const closedPort = await freePort();
    const direct = new SmtpMailer({ url: `smtp://127.0.0.1:${closedPort}`, from });
    await expect(direct.send(message)).rejects.toMatchObject({
      permanent: false,
      transport: 'smtp',
    });
  });
});
