import type { Context, Middleware, Next } from 'koa';
import { reservedTenantIds, tenantIdPattern } from '../directory/tenant.js';
import type { Tenant } from '../directory/tenant.js';
import { notFound, serviceUnavailable, tenantRequired } from '../http/errors.js';
import { runMounted } from './mount.js';
import type { Services } from './services.js';
import { storeDownFlag } from './tenant-providers.js';

/** Tenant-scoped routes that are not oidc-provider's own (the guest journey pages). */
export type TenantHandler = (ctx: Context, tenant: Tenant, rest: string) => Promise<boolean>;

/**
 * `/{tenant}/…`: resolves the tenant (once a request) and hands the request to the tenant's
 * own pages or to its oidc-provider instance. A first segment that is an OpenID route
 * (`/auth`, `/.well-known/…`) has no tenant context: 400.
 */
export function tenantRoutes(services: Services, pages: TenantHandler[]): Middleware {
  return async function routeToTenant(ctx: Context, next: Next) {
    const match = /^\/([^/]+)(\/.*)?$/.exec(ctx.path);
    const segment = match?.[1];
    if (!segment) return next();
    if (segment === '.well-known' || reservedTenantIds.has(segment)) throw tenantRequired();
    if (!tenantIdPattern.test(segment)) return next();
    const tenant = await services.tenants.find(segment);
    if (!tenant) throw notFound(`unknown tenant "${segment}"`);
    ctx.state.tenant = tenant;
    const rest = match[2] ?? '/';
    for (const page of pages) if (await page(ctx, tenant, rest)) return;
    await runMounted(ctx, `/${tenant.id}`, services.providers.get(tenant).handle);
    if (ctx.state[storeDownFlag]) throw serviceUnavailable();
  };
}
