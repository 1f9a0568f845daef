import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import { parseAdminKey } from '../directory/admin-keys.js';
import { tenantScope } from '../directory/tenant.js';
import { forbidden, unauthorized } from '../http/errors.js';
import type { AdminServices } from './admin-services.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Who is calling the admin API: the operator (ADMIN_TOKEN) or one tenant's administrator. */
export type Principal = { kind: 'operator' } | { kind: 'tenant'; tenantId: string; keyId: string };

/** The tenant a path is about, `/admin/v1/tenants/{t}/…`; undefined for deployment-wide routes. */
const tenantOfPath = (path: string) => /^\/admin\/v1\/tenants\/([^/]+)(?:\/|$)/.exec(path)?.[1];

/** tenant-level routes a tenant administrator may not use on their own tenant */
const operatorOnly = (ctx: Context) =>
  /^\/admin\/v1\/tenants\/[^/]+\/?$/.test(ctx.path) && ctx.method !== 'GET';

function challenge(ctx: Context, description: string, error?: string) {
  ctx.set('WWW-Authenticate', `Bearer realm="guestpass-admin"${error ? `, error="${error}"` : ''}`);
  return unauthorized(description);
}

/**
 * Bearer-token authentication and tenant authorization. The operator token is compared as
 * digests in constant time; a tenant key (`gpk.…`) is looked up by its id and its secret's
 * digest compared in constant time. A tenant key works only below its own tenant (403
 * elsewhere, including creating, listing or deleting tenants).
 */
export function adminAuth(services: AdminServices) {
  const expected = digest(services.config.adminToken);
  return async function authenticate(ctx: Context, next: Next) {
    const token = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
    if (!token) throw challenge(ctx, 'an Authorization: Bearer <admin token> header is required');
    let principal: Principal | undefined;
    if (timingSafeEqual(digest(token), expected)) principal = { kind: 'operator' };
    else {
      const parsed = parseAdminKey(token);
      const tenant = parsed && (await services.tenants.find(parsed.tenantId));
      if (
        parsed &&
        tenant &&
        (await services.adminKeys.verify(tenantScope(tenant), parsed.id, parsed.secret))
      ) {
        principal = { kind: 'tenant', tenantId: tenant.id, keyId: parsed.id };
      }
    }
    if (!principal) throw challenge(ctx, 'the admin token is not valid', 'invalid_token');
    if (principal.kind === 'tenant') {
      const target = tenantOfPath(ctx.path);
      if (target !== principal.tenantId || operatorOnly(ctx)) {
        throw forbidden(`this key administers tenant "${principal.tenantId}" only`);
      }
    }
    ctx.state.principal = principal;
    await next();
  };
}
