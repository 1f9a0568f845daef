import type { Store } from '../src/store/store.js';

/**
 * Writes a request holds back so they go to the store together with the request's next write:
 * started in one tick of a `together` window, the store sends them as one pipeline. The
 * sign-in log's entries wait here for the step's save of the journey or of the interaction's
 * outcome, and whatever is left goes out when the request ends.
 */
export class DeferredWrites {
  readonly #writes: (() => Promise<unknown>)[] = [];

  constructor(private readonly store: Pick<Store, 'together'>) {}

  add(write: () => Promise<unknown>): void {
    this.#writes.push(write);
  }

  /** starts every held write, and `alongside`, at once, and waits for all of them */
  async flush(alongside?: () => Promise<unknown>): Promise<void> {
    const writes = this.#writes.splice(0);
    if (!writes.length && !alongside) return;
    await this.store.together(() =>
      Promise.all([...writes.map((write) => write()), alongside?.()]),
    );
  }
}
