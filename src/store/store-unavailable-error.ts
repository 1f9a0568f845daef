/** The store did not answer: callers fail closed (503), never open. */
export class StoreUnavailableError extends Error {
  readonly code = 'store_unavailable';
  constructor(cause?: unknown) {
    super('the store (Redis) is unavailable', { cause });
    this.name = 'StoreUnavailableError';
  }
}
