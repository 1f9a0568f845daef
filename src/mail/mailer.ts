/** One mail to one guest. Header values (to, subject) must never contain CR or LF. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** what the mail is, for logs and the dev outbox */
  readonly kind: 'passcode' | 'invitation';
  /** the tenant it is sent for, for logs */
  readonly tenant: string;
}

/** Sends mail; resolves once the transport accepted it, rejects with MailDeliveryError. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * A mail that could not be delivered. `permanent` failures (bad credentials, a refused
 * request) are not retried; transient ones (rate limits, 5xx, SMTP 4xx) were retried and
 * still failed.
 */
export class MailDeliveryError extends Error {
  readonly code = 'mail_not_sent';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly transport: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MailDeliveryError';
  }
}
