import { RequestSlot } from '../util/request-context.js';
import type { Store } from './store.js';

/**
 * The writes one request holds back until it ends, then sends together: started in one tick
 * of a `together` window, they go to the store as one pipeline (one round trip), before the
 * request's answer leaves — so the next request of the browser finds them. Reads in the same
 * request see the records it holds (`record`). oidc-provider's saves (the interaction, the
 * session, the authorization code, the tokens) and the journey's own (the sign-in log, the
 * courier's entry, a remembered consent) wait here.
 */
export class HeldWrites {
  readonly #writes: (() => Promise<unknown>)[] = [];
  /** what this request left of a record: its value, null once deleted */
  readonly #records = new Map<string, string | null>();
  /** reads started early, by key, each taken once by the read it stands for */
  readonly #early = new Map<string, Promise<unknown>>();

  constructor(private readonly store: Pick<Store, 'together'>) {}

  /** holds a write */
  add(write: () => Promise<unknown>): void {
    this.#writes.push(write);
  }

  /** holds the write of records (null: deleted), which reads of this request then see */
  put(records: Iterable<readonly [string, string | null]>, write: () => Promise<unknown>): void {
    for (const [key, value] of records) {
      this.#records.set(key, value);
      this.#early.delete(key);
    }
    this.#writes.push(write);
  }

  /**
   * Starts a read this request is about to make (oidc-provider reads a token's grant right
   * after the token), so that it shares a round trip with the reads started alongside it.
   * Not for a key this request holds a write of (a held write of it drops it, and so does
   * `forgetEarly`); `takeEarly` hands it to the first read of the key, which stands for it.
   */
  readEarly(key: string, read: () => Promise<unknown>): void {
    if (this.#records.has(key) || this.#early.has(key)) return;
    const started = read();
    // whoever takes it sees a failure; one nobody takes is not an unhandled rejection
    started.catch(() => {});
    this.#early.set(key, started);
  }

  /** the read of `key` started early, once (then it is gone), if there is one */
  takeEarly<T>(key: string): Promise<T> | undefined {
    const started = this.#early.get(key) as Promise<T> | undefined;
    this.#early.delete(key);
    return started;
  }

  /** a record as this request left it: its value, null when deleted, undefined when untouched */
  record(key: string): string | null | undefined {
    return this.#records.get(key);
  }

  /**
   * Drops the early read of `key` (of every key when none is named): for a write sent at once
   * rather than held (a consumption, a revocation), which may change what it read.
   */
  forgetEarly(key?: string): void {
    if (key === undefined) this.#early.clear();
    else this.#early.delete(key);
  }

  /** sends every held write at once (one alone: as a plain command), and waits for them */
  async flush(): Promise<void> {
    const writes = this.#writes.splice(0);
    if (writes.length === 1) await writes[0]!();
    else if (writes.length) await this.store.together(() => Promise.all(writes.map((w) => w())));
  }
}

/** in the request's context (src/util/request-context.ts): no AsyncLocalStorage run of its own */
const window = new RequestSlot<HeldWrites>();

/** the writes the current request holds, when it holds any (`holdingWrites`) */
export function heldWrites(): HeldWrites | undefined {
  return window.get();
}

/**
 * Runs `work` holding its writes, and sends them when it ends — when it fails too (what it
 * wrote before it failed is kept, as if written at once; the failure is what is reported).
 * Inside a window already open, `work` joins it and the outer window sends.
 */
export async function holdingWrites<T>(
  store: Pick<Store, 'together'>,
  work: (held: HeldWrites) => Promise<T>,
): Promise<T> {
  const open = window.get();
  if (open) return work(open);
  const held = new HeldWrites(store);
  let result: T;
  try {
    result = await window.run(held, () => work(held));
  } catch (error) {
    await held.flush().catch(() => {});
    throw error;
  }
  await held.flush();
  return result;
}
