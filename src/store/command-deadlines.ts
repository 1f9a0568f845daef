/** a command in flight: when it is overdue, and how to fail it */
interface InFlight {
  readonly due: number;
  readonly fail: (error: Error) => void;
}

/**
 * How long a Redis command may take before the request waiting on it fails (the store is
 * then "down": 503, not a request hanging on a Redis that stopped answering). One timer
 * checks every command in flight a few times a timeout, instead of a timer a command: ioredis's
 * own `commandTimeout` sets and clears a timer for each command, which cost more than the
 * command itself (`npm run bench`'s profile). A command is failed between `timeoutMs` and
 * `timeoutMs` plus a quarter of it after it was sent; what Redis answers later is dropped.
 */
export class CommandDeadlines {
  readonly #inFlight = new Set<InFlight>();
  readonly #timer: NodeJS.Timeout;

  constructor(readonly timeoutMs: number) {
    this.#timer = setInterval(() => this.#check(), Math.max(10, timeoutMs / 4));
    this.#timer.unref();
  }

  /** `command`'s outcome, or a failure once it is overdue */
  bound<T>(command: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: InFlight = { due: performance.now() + this.timeoutMs, fail: reject };
      this.#inFlight.add(entry);
      command.then(
        (value) => {
          this.#inFlight.delete(entry);
          resolve(value);
        },
        (error: unknown) => {
          this.#inFlight.delete(entry);
          reject(error as Error);
        },
      );
    });
  }

  #check() {
    const now = performance.now();
    for (const entry of this.#inFlight) {
      if (entry.due > now) continue;
      this.#inFlight.delete(entry);
      entry.fail(new Error(`Redis did not answer within ${this.timeoutMs} ms`));
    }
  }

  stop() {
    clearInterval(this.#timer);
  }
}
