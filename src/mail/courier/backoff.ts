import { MailRateLimitedError } from '../mail-rate-limited-error.js';

/** the first wait after a transient failure; each further one doubles */
export const firstBackoffMs = 2000;
/** no backoff of our own is longer (a transport's own "try again at" may be) */
export const maxBackoffMs = 5 * 60 * 1000;

/**
 * How long to wait before attempt `attempt + 1` after a transient failure: what the
 * transport asked for (SendGrid's X-RateLimit-Reset, however far), else 2 s doubling up to
 * 5 minutes.
 */
export function backoffMs(error: unknown, attempt: number): number {
  if (error instanceof MailRateLimitedError) return Math.max(0, error.retryAfterMs);
  return Math.min(firstBackoffMs * 2 ** Math.max(0, attempt - 1), maxBackoffMs);
}
