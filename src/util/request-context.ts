import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while handling one request carries. */
export interface RequestContext {
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` (and everything it awaits or schedules) inside a request's context. */
export function runInRequest<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** the id of the request being handled here, if any (src/http/request-id.ts sets it) */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/**
 * Runs `fn` (and everything it schedules) outside any request's context: background work
 * (the mail courier) that a request merely started must not log under that request's id.
 */
export function runOutsideRequests<T>(fn: () => T): T {
  return storage.exit(fn);
}
