import { describe, expect, it } from '@jest/globals';
import { backoffMs } from '../../../src/mail/courier/backoff.js';
import { fromFields, toFields } from '../../../src/mail/courier/queued-mail.js';
import { MailRateLimitedError } from '../../../src/mail/mail-rate-limited-error.js';
import { MailDeliveryError } from '../../../src/mail/mailer.js';
import { SecretBox } from '../../../src/util/secret-box.js';
import { queuedMail } from '../../support/courier-queue.js';

const box = new SecretBox(['a-server-secret-of-32-characters!!'], 'queued-mail');

const transient = new MailDeliveryError('SendGrid answered 503', false, 'sendgrid', 503);
const limited = (ms: number) => new MailRateLimitedError('429', 'sendgrid', 429, ms);

describe('the courier waits before attempt n + 1', () => {
  it.each([
    ['after the first transient failure', transient, 1, 2000],
    ['after the second', transient, 2, 4000],
    ['after the fifth', transient, 5, 32_000],
    ['never more than 5 minutes of its own', transient, 12, 300_000],
    ['as long as X-RateLimit-Reset says, even an hour', limited(3_600_000), 1, 3_600_000],
    ['at once when the reset is already past', limited(-500), 3, 0],
  ])('%s', (_, error, attempt, expected) => {
    expect(backoffMs(error, attempt)).toBe(expected);
  });
});

const mail = queuedMail();

describe('a queue entry', () => {
  it('carries the rendered mail and its instants, and reads back the same', () => {
    const item = fromFields(toFields(mail, 1000, 2000, box), box);
    expect(item).toEqual({ mail: { ...mail }, enqueuedAt: 1000, deadline: 2000 });
  });

  it('of a decoy carries no mail and no address', () => {
    const fields = toFields(undefined, 1000, 2000, box);
    expect(Object.values(fields).join(' ')).not.toContain('@');
    expect(fromFields(fields, box)).toEqual({ mail: undefined, enqueuedAt: 1000, deadline: 2000 });
  });

  it.each([
    ['of another version', { ...toFields(mail, 1, 2, box), v: '2' }],
    ['without a deadline', { ...toFields(mail, 1, 2, box), deadline: 'soon' }],
    ['of an unknown kind', { ...toFields(mail, 1, 2, box), kind: 'newsletter' }],
    [
      'without its sealed content',
      Object.fromEntries(Object.entries(toFields(mail, 1, 2, box)).filter(([k]) => k !== 'sealed')),
    ],
  ])('%s is unreadable (the courier drops it)', (_, fields) => {
    expect(fromFields(fields, box)).toBeUndefined();
  });

  it('holds the address and the content only sealed; a process without the secret cannot open it', () => {
    const fields = toFields(mail, 1000, 2000, box);
    const all = Object.values(fields).join(' ');
    for (const secret of ['guest@example.com', '123456', 'verification']) {
      expect(all).not.toContain(secret);
    }
    const stranger = new SecretBox(['another-server-secret-of-32-chars!!'], 'queued-mail');
    expect(fromFields(fields, stranger)).toEqual({
      mail: undefined,
      enqueuedAt: 1000,
      deadline: 2000,
      unopened: { tenant: 'fabrikam', scope: 'fabrikam:1' },
    });
  });
});
