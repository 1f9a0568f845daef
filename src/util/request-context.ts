import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the code handling one request shares: the id every log line carries, and the values
 * other layers keep for the request (RequestSlot). One AsyncLocalStorage run a request
 * carries all of it.
 */
interface RequestContext {
  /** set by src/http/request-id.ts in the server; a plugin host's requests have none */
  readonly requestId?: string;
  readonly slots: Map<RequestSlot<unknown>, unknown>;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` (and everything it awaits or schedules) inside a request's context. */
export function runInRequest<T>(context: { readonly requestId: string }, fn: () => T): T {
  return storage.run({ requestId: context.requestId, slots: new Map() }, fn);
}

/** the id of the request being handled here, if any (src/http/request-id.ts sets it) */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/**
 * Runs `fn` (and everything it schedules) outside any request's context: background work
 * (the mail courier) that a request merely started must not log under that request's id,
 * nor see its slots.
 */
export function runOutsideRequests<T>(fn: () => T): T {
  return storage.exit(fn);
}

/**
 * A value a layer keeps for the duration of some work of a request (the writes it holds:
 * src/store/held-writes.ts). Kept in the request's context when there is one — no second
 * AsyncLocalStorage run — else in a context of its own (a plugin host's request). Work the
 * request scheduled that runs after `run` has ended no longer sees the value.
 */
export class RequestSlot<T> {
  /** the value of the work running here, if any */
  get(): T | undefined {
    return storage.getStore()?.slots.get(this) as T | undefined;
  }

  /** runs `work` with `value` in this slot (which must be empty here) */
  async run<R>(value: T, work: () => Promise<R>): Promise<R> {
    const context = storage.getStore();
    if (!context) return storage.run({ slots: new Map([[this, value]]) }, work);
    if (context.slots.has(this)) throw new Error('RequestSlot.run: the slot is taken');
    context.slots.set(this, value);
    try {
      return await work();
    } finally {
      context.slots.delete(this);
    }
  }
}
