import { MailDeliveryError } from './mailer.js';

/**
 * A transient failure whose transport said when to try again (SendGrid 429 with
 * `X-RateLimit-Reset`). The retrying mailer waits `retryAfterMs`, capped, instead of its
 * own backoff. Lives here so src/mail/mailer.ts, the shared interface, stays unchanged.
 */
export class MailRateLimitedError extends MailDeliveryError {
  constructor(
    message: string,
    transport: string,
    status: number | undefined,
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, false, transport, status, options);
    this.name = 'MailRateLimitedError';
  }
}
