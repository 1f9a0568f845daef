import type { Router } from '@koa/router';
import { tenantScope } from '../directory/tenant.js';
import type { AdminServices } from './admin-services.js';
import { loadTenant } from './load-tenant.js';
import { pageQuery } from '../http/page-query.js';
import { validate } from '../http/validate.js';

const maxPart = 2n ** 64n - 1n;

/**
 * A cursor is the id of a sign-in log entry (a Redis stream id `<ms>-<seq>`): each part a
 * whole number below 2^64, and not `0-0` (nothing is older). Anything else would reach
 * Redis as an invalid range and fail there.
 */
export function isStreamCursor(value: string): boolean {
  const match = /^(\d{1,20})-(\d{1,20})$/.exec(value);
  if (!match) return false;
  const [ms, seq] = [BigInt(match[1] ?? ''), BigInt(match[2] ?? '')];
  return ms <= maxPart && seq <= maxPart && ms + seq > 0n;
}

/** `limit` and `cursor` of a page of a tenant's log (the sign-in log, the mail log) */
export const logPageQuery = pageQuery(isStreamCursor);

/** The tenant's recent sign-in attempts, newest first, paged with a cursor. */
export function signInRoutes(router: Router, services: AdminServices) {
  router.get('/tenants/:tenant/sign-ins', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const { limit, cursor } = validate(logPageQuery, ctx.query);
    ctx.body = await services.signInLog.page(tenantScope(tenant), limit, cursor);
  });
}
