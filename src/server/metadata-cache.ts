import type { Context, Middleware, Next } from 'koa';

/** a tenant's public metadata, as its provider sees the path (below `/{t}`) */
const metadataPaths = new Set([
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
  '/jwks',
]);

/**
 * `Cache-Control` on a tenant's discovery documents and JWKS (METADATA_CACHE_SECONDS): relying
 * parties and caches may keep them that long. It is never longer than a rotated key is
 * published before it signs (load-config checks), so a cached JWKS always has the signer.
 */
export function metadataCache(seconds: number): Middleware {
  const value = seconds > 0 ? `public, max-age=${seconds}` : 'no-cache';
  return async function cacheMetadata(ctx: Context, next: Next) {
    await next();
    if ((ctx.method === 'GET' || ctx.method === 'HEAD') && ctx.status === 200) {
      if (metadataPaths.has(ctx.path)) ctx.set('Cache-Control', value);
    }
  };
}
