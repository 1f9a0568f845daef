import { describe, expect, it } from '@jest/globals';
import { MailRateLimitedError } from '../../../src/mail/mail-rate-limited-error.js';
import { MailDeliveryError } from '../../../src/mail/mailer.js';
import type { Mailer, MailMessage } from '../../../src/mail/mailer.js';
import { RetryingMailer } from '../../../src/mail/retrying-mailer.js';
import type { Logger, LogFields } from '../../../src/util/logger.js';

const message: MailMessage = {
  to: 'alex@example.com',
  subject: 'Your Fabrikam verification code',
  text: 'code 482913',
  html: '<p>code 482913</p>',
  kind: 'passcode',
  tenant: 'fabrikam',
};

/** Fails with the scripted errors, in order, then delivers. */
class ScriptedMailer implements Mailer {
  attempts = 0;
  delivered = 0;
  constructor(private readonly failures: Error[]) {}
  async send(): Promise<void> {
    this.attempts++;
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.delivered++;
  }
}

function recordingLogger() {
  const lines: { level: string; event: string; fields: LogFields }[] = [];
  const at =
    (level: string) =>
    (event: string, fields: LogFields = {}) =>
      lines.push({ level, event, fields });
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, lines };
}

function setup(failures: Error[]) {
  const inner = new ScriptedMailer(failures);
  const { logger, lines } = recordingLogger();
  const sleeps: number[] = [];
  const mailer = new RetryingMailer(inner, logger, {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { inner, mailer, lines, sleeps };
}

const transient = (status = 503) => new MailDeliveryError('unavailable', false, 'test', status);
const permanent = () => new MailDeliveryError('unauthorized', true, 'test', 401);

describe('RetryingMailer', () => {
  it('delivers once after transient failures, backing off 250 then 500 ms', async () => {
    const { inner, mailer, lines, sleeps } = setup([transient(), transient(429)]);
    await mailer.send(message);
    expect(inner.attempts).toBe(3);
    expect(inner.delivered).toBe(1);
    expect(sleeps).toEqual([250, 500]);
    expect(lines.map((l) => `${l.level} ${l.event}`)).toEqual([
      'warn mail.retry',
      'warn mail.retry',
    ]);
    expect(lines[0]?.fields).toMatchObject({
      tenant: 'fabrikam',
      kind: 'passcode',
      transport: 'test',
      status: 503,
      attempt: 1,
      toDomain: '@example.com',
    });
  });

  it('does not retry a permanent failure', async () => {
    const { inner, mailer, lines, sleeps } = setup([permanent()]);
    await expect(mailer.send(message)).rejects.toMatchObject({ permanent: true, status: 401 });
    expect(inner.attempts).toBe(1);
    expect(sleeps).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      event: 'mail.failed',
      fields: { tenant: 'fabrikam', kind: 'passcode', transport: 'test', status: 401, attempt: 1 },
    });
  });

  it('gives up after 3 retries with delays capped at 2 s, and rethrows the last error', async () => {
    const last = transient(502);
    const inner = new ScriptedMailer([transient(), transient(), transient(), transient(), last]);
    const { logger, lines } = recordingLogger();
    const sleeps: number[] = [];
    const mailer = new RetryingMailer(inner, logger, {
      retries: 4,
      baseDelayMs: 700,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    await expect(mailer.send(message)).rejects.toBe(last);
    expect(inner.attempts).toBe(5);
    expect(inner.delivered).toBe(0);
    expect(sleeps).toEqual([700, 1400, 2000, 2000]);
    expect(lines.at(-1)).toMatchObject({
      event: 'mail.failed',
      fields: { attempt: 5, status: 502 },
    });
  });

  it('gives up after the default 3 retries', async () => {
    const { inner, mailer, sleeps } = setup([transient(), transient(), transient(), transient()]);
    await expect(mailer.send(message)).rejects.toBeInstanceOf(MailDeliveryError);
    expect(inner.attempts).toBe(4);
    expect(sleeps).toEqual([250, 500, 1000]);
  });

  it('waits as long as a rate limit hint says, but never more than the cap', async () => {
    const { inner, mailer, sleeps } = setup([
      new MailRateLimitedError('rate limited', 'test', 429, 1200),
      new MailRateLimitedError('rate limited', 'test', 429, 60_000),
      new MailRateLimitedError('rate limited', 'test', 429, -5000),
    ]);
    await mailer.send(message);
    expect(inner.delivered).toBe(1);
    expect(sleeps).toEqual([1200, 2000, 0]);
  });

  it('never logs the body, the code or the full recipient address', async () => {
    const { mailer, lines } = setup([transient(), permanent()]);
    await expect(mailer.send(message)).rejects.toThrow();
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain('482913');
    expect(logged).not.toContain('alex@');
    expect(logged).not.toContain(message.subject);
  });

  it('does not retry an error that is not a MailDeliveryError', async () => {
    const bug = new TypeError('bug');
    const { inner, mailer, lines } = setup([bug]);
    await expect(mailer.send(message)).rejects.toBe(bug);
    expect(inner.attempts).toBe(1);
    expect(lines[0]?.event).toBe('mail.failed');
  });
});
