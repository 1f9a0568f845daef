import type { Context } from 'koa';
import type { Store } from '../src/store/store.js';

/**
 * A flow that leaves Guestpass and comes back (an OAuth redirect), tied to the browser that
 * started it: the saved value is found by its state, which a signed cookie must repeat, and
 * it can be taken only once.
 */
export interface BrowserFlowPlace {
  /** the cookie holding the state */
  readonly cookie: string;
  /** the path the cookie is sent to: the callback's folder */
  readonly path: string;
}

export async function startBrowserFlow(
  ctx: Context,
  store: Store,
  place: BrowserFlowPlace,
  flow: { state: string; key: string; value: unknown; ttlSeconds: number },
): Promise<void> {
  await store.set(flow.key, JSON.stringify(flow.value), { ttlSeconds: flow.ttlSeconds });
  ctx.cookies.set(place.cookie, flow.state, {
    path: place.path,
    httpOnly: true,
    sameSite: 'lax',
    signed: true,
    overwrite: true,
    maxAge: flow.ttlSeconds * 1000,
  });
}

/**
 * The flow of this callback, or undefined when the state is missing, is not this browser's,
 * has expired, or was already taken (read and deleted in one atomic step).
 */
export async function takeBrowserFlow<T>(
  ctx: Context,
  store: Store,
  place: BrowserFlowPlace,
  keyFor: (state: string) => string,
): Promise<{ state: string; value: T } | undefined> {
  const state = String(ctx.query.state ?? '');
  const expected = ctx.cookies.get(place.cookie, { signed: true });
  ctx.cookies.set(place.cookie, null, { path: place.path });
  if (!state || state !== expected) return undefined;
  const raw = await store.getAndDelete(keyFor(state));
  return raw ? { state, value: JSON.parse(raw) as T } : undefined;
}
