import type { MailConfig } from './mail-config.js';
import type { Logger } from '../util/logger.js';
import type { Mailer } from './mailer.js';
import { Outbox, OutboxMailer } from './outbox.js';
import { RetryingMailer } from './retrying-mailer.js';
import type { RetryOptions } from './retrying-mailer.js';
import { SendGridMailer } from './sendgrid-mailer.js';
import { SmtpMailer } from './smtp-mailer.js';

/**
 * The configured transport, wrapped in retries. `outbox` records into the given Outbox (a new
 * one when none is given; pass the one /dev/outbox serves). loadConfig already guarantees the
 * transport's settings exist; the checks here only keep a hand-built config honest.
 */
export function createMailer(
  config: MailConfig,
  logger: Logger,
  outbox?: Outbox,
  retry: RetryOptions = {},
): Mailer {
  return new RetryingMailer(createTransport(config, outbox), logger, retry);
}

/**
 * The configured transport alone, without retries: the courier (src/mail/courier/) retries
 * with its own backoff and deadline.
 */
export function createTransport(config: MailConfig, outbox: Outbox | undefined): Mailer {
  switch (config.transport) {
    case 'sendgrid':
      if (!config.sendgridApiKey) throw new Error('the sendgrid transport needs SENDGRID_API_KEY');
      return new SendGridMailer({
        apiKey: config.sendgridApiKey,
        apiUrl: config.sendgridApiUrl,
        from: config.from,
      });
    case 'smtp':
      if (!config.smtpUrl) throw new Error('the smtp transport needs SMTP_URL');
      return new SmtpMailer({ url: config.smtpUrl, from: config.from });
    case 'outbox':
      return new OutboxMailer(outbox ?? new Outbox(), config.from);
  }
}
