import type { Context, Middleware, Next } from 'koa';
import { reservedTenantIds, tenantIdPattern } from '../directory/tenant.js';
import type { Tenants } from '../directory/tenants.js';
import { notFound, serviceUnavailable, tenantRequired } from '../http/errors.js';
import { holdingWrites } from '../store/held-writes.js';
import type { Store } from '../store/store.js';
import { runMounted } from './mount.js';
import { storeDownFlag } from './tenant-providers.js';
import type { TenantProviders } from './tenant-providers.js';

/**
 * RFC 8414 section 3.1's path-inserted form of a tenant's metadata,
 * `/.well-known/oauth-authorization-server/{t}`, and the same form of OpenID discovery: the
 * tenant's own `/{t}/.well-known/…` document, the same bytes.
 */
const pathInsertedMetadata =
  /^\/\.well-known\/(openid-configuration|oauth-authorization-server)\/([^/]+)$/;

/**
 * `/{tenant}/…`: resolves the tenant (once a request) and hands the request to the tenant's
 * guest journey (pages, invitation links, method callbacks) or to its oidc-provider
 * instance. A first segment that is an OpenID route (`/auth`, `/.well-known/…`) has no
 * tenant context: 400 — except a tenant's metadata at its RFC 8414 path-inserted address.
 */
export function tenantRoutes(
  tenants: Tenants,
  providers: TenantProviders,
  store: Pick<Store, 'together'>,
): Middleware {
  return async function routeToTenant(ctx: Context, next: Next) {
    const inserted = pathInsertedMetadata.exec(ctx.path);
    if (inserted && tenantIdPattern.test(inserted[2] ?? '')) {
      ctx.path = `/${inserted[2]}/.well-known/${inserted[1]}`;
    }
    const match = /^\/([^/]+)(\/.*)?$/.exec(ctx.path);
    const segment = match?.[1];
    if (!segment) return next();
    if (segment === '.well-known' || reservedTenantIds.has(segment)) throw tenantRequired();
    if (!tenantIdPattern.test(segment)) return next();
    const tenant = await tenants.find(segment);
    if (!tenant) throw notFound(`unknown tenant "${segment}"`);
    ctx.state.tenant = tenant;
    const built = await providers.get(tenant);
    // the request's writes, oidc-provider's too, go out together before it is answered
    await holdingWrites(store, () =>
      built.journey(ctx, async () => {
        await runMounted(ctx, `/${tenant.id}`, built.handle);
        if (ctx.state[storeDownFlag]) throw serviceUnavailable();
      }),
    );
  };
}
