import type { Context, Middleware, Next } from 'koa';
import { reservedTenantIds, tenantIdPattern } from '../directory/tenant.js';
import type { Tenants } from '../directory/tenants.js';
import { notFound, serviceUnavailable, tenantRequired } from '../http/errors.js';
import { runMounted } from './mount.js';
import { storeDownFlag } from './tenant-providers.js';
import type { TenantProviders } from './tenant-providers.js';

/**
 * `/{tenant}/…`: resolves the tenant (once a request) and hands the request to the tenant's
 * guest journey (pages, invitation links, method callbacks) or to its oidc-provider
 * instance. A first segment that is an OpenID route (`/auth`, `/.well-known/…`) has no
 * tenant context: 400.
 */
export function tenantRoutes(tenants: Tenants, providers: TenantProviders): Middleware {
  return async function routeToTenant(ctx: Context, next: Next) {
    const match = /^\/([^/]+)(\/.*)?$/.exec(ctx.path);
    const segment = match?.[1];
    if (!segment) return next();
    if (segment === '.well-known' || reservedTenantIds.has(segment)) throw tenantRequired();
    if (!tenantIdPattern.test(segment)) return next();
    const tenant = await tenants.find(segment);
    if (!tenant) throw notFound(`unknown tenant "${segment}"`);
    ctx.state.tenant = tenant;
    const built = providers.get(tenant);
    await built.journey(ctx, async () => {
      await runMounted(ctx, `/${tenant.id}`, built.handle);
      if (ctx.state[storeDownFlag]) throw serviceUnavailable();
    });
  };
}
