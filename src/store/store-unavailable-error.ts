import { GuestpassError } from '../http/errors.js';

/**
 * The store did not answer: callers fail closed (503), never open.
 *
 * Met inside oidc-provider (its adapter reading a client, a session or a token — as when one
 * master of a Redis Cluster is down while the tenant's record is on another), it speaks the
 * provider's error protocol too: `statusCode` 503, and the OAuth error as the message of an
 * exposed error, with `error_description`; the provider then answers 503
 * `temporarily_unavailable`, not 500.
 */
export class StoreUnavailableError extends GuestpassError {
  readonly statusCode = 503;
  readonly error_description: string;

  constructor(cause?: unknown) {
    super(
      503,
      'temporarily_unavailable',
      'the service is unavailable right now; please try again in a moment',
      { expose: true, cause },
    );
    this.name = 'StoreUnavailableError';
    this.error_description = this.description;
    this.message = this.code;
  }
}
