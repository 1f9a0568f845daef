import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../util/logger.js';
import { MailRateLimitedError } from './mail-rate-limited-error.js';
import { MailDeliveryError } from './mailer.js';
import type { Mailer, MailMessage } from './mailer.js';
import { recipientDomain } from './mask-address.js';

export interface RetryOptions {
  /** retries after the first attempt; default 3 */
  readonly retries?: number;
  /** the first backoff, doubled on each retry; default 250 ms (250, 500, 1000) */
  readonly baseDelayMs?: number;
  /** no single wait is longer, not even one the transport asked for; default 2000 ms */
  readonly maxDelayMs?: number;
  /** how to wait; tests inject a fake so they run instantly */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Retries transient MailDeliveryErrors (rate limits, 5xx, SMTP 4xx, network) with capped
 * exponential backoff; permanent ones fail at once. Logs each retry and the final failure
 * with the tenant, kind, transport and status, never the body, the code or the recipient.
 */
export class RetryingMailer implements Mailer {
  readonly #inner: Mailer;
  readonly #logger: Logger;
  readonly #retries: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(inner: Mailer, logger: Logger, options: RetryOptions = {}) {
    this.#inner = inner;
    this.#logger = logger;
    this.#retries = options.retries ?? 3;
    this.#baseDelayMs = options.baseDelayMs ?? 250;
    this.#maxDelayMs = options.maxDelayMs ?? 2000;
    this.#sleep = options.sleep ?? ((ms) => delay(ms));
  }

  async send(message: MailMessage): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#inner.send(message);
        return;
      } catch (error) {
        const fields = logFields(message, error, attempt);
        const retryable =
          error instanceof MailDeliveryError && !error.permanent && attempt <= this.#retries;
        if (!retryable) {
          this.#logger.error('mail.failed', fields);
          throw error;
        }
        const delayMs = this.#delay(error, attempt);
        this.#logger.warn('mail.retry', { ...fields, delayMs });
        await this.#sleep(delayMs);
      }
    }
  }

  #delay(error: MailDeliveryError, attempt: number): number {
    const wanted =
      error instanceof MailRateLimitedError
        ? error.retryAfterMs
        : this.#baseDelayMs * 2 ** (attempt - 1);
    return Math.min(Math.max(0, wanted), this.#maxDelayMs);
  }
}

/** The error's message is ours (built at the transport boundary), so it holds no address. */
function logFields(message: MailMessage, error: unknown, attempt: number) {
  const known = error instanceof MailDeliveryError ? error : undefined;
  return {
    tenant: message.tenant,
    kind: message.kind,
    toDomain: recipientDomain(message.to),
    transport: known?.transport,
    status: known?.status,
    permanent: known?.permanent,
    attempt,
    reason: known ? known.message : `unexpected ${error instanceof Error ? error.name : 'error'}`,
  };
}
