import compose from 'koa-compose';
import type { Context, Middleware, Next } from 'koa';

/**
 * Routes by the path's first segment (`/admin/v1/…` → `admin`, `/` → ``): the middleware
 * listed for it run, and what they pass on (`next`) goes to `rest`, as do paths whose
 * segment is not listed. A tenant's request (`/{t}/…`, the hot path) so skips every
 * listed route instead of passing through each; each listed middleware still checks its
 * own paths, so a tenant whose id is a listed segment is still reached.
 */
export function byFirstSegment(
  routes: Readonly<Record<string, readonly Middleware[]>>,
  rest: readonly Middleware[],
): Middleware {
  const restChain = compose([...rest]);
  const chains = new Map(
    Object.entries(routes)
      .filter(([, middleware]) => middleware.length > 0)
      .map(([segment, middleware]) => [segment, compose([...middleware])] as const),
  );
  return function routeBySegment(ctx: Context, next: Next) {
    const path = ctx.path;
    const end = path.indexOf('/', 1);
    const chain = chains.get(path.slice(1, end === -1 ? undefined : end));
    if (!chain) return restChain(ctx, next);
    return chain(ctx, () => restChain(ctx, next));
  };
}
