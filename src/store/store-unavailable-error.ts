import { GuestpassError } from '../http/errors.js';

/** The store did not answer: callers fail closed (503), never open. */
export class StoreUnavailableError extends GuestpassError {
  constructor(cause?: unknown) {
    super(
      503,
      'temporarily_unavailable',
      'the service is unavailable right now; please try again in a moment',
      { expose: true, cause },
    );
    this.name = 'StoreUnavailableError';
  }
}
