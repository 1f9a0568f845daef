import type { Context, Middleware } from 'koa';

/**
 * Runs a mounted Koa app's middleware under `prefix`, as koa-mount does: the app sees the
 * path without the prefix and finds the prefix in ctx.mountPath (oidc-provider builds its
 * URLs from it).
 */
export async function runMounted(ctx: Context, prefix: string, handle: Middleware): Promise<void> {
  const original = ctx.path;
  const state = ctx as Context & { mountPath?: string };
  state.mountPath = prefix;
  ctx.path = original.slice(prefix.length) || '/';
  try {
    await handle(ctx, async () => {});
  } finally {
    ctx.path = original;
    delete state.mountPath;
  }
}
