import type { Context, Next } from 'koa';
import type { Store } from '../store/store.js';

/** /healthz: the process runs. /readyz: the store answers (503 while it does not). */
export function health(store: Store) {
  return async function healthRoutes(ctx: Context, next: Next) {
    if (ctx.path === '/healthz') {
      ctx.body = { status: 'ok' };
      return;
    }
    if (ctx.path === '/readyz') {
      try {
        await store.ping();
        ctx.body = { status: 'ready', store: store.kind };
      } catch {
        ctx.status = 503;
        ctx.set('Retry-After', '5');
        ctx.body = { status: 'unavailable', store: store.kind };
      }
      return;
    }
    await next();
  };
}
