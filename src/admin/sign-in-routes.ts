import type { Router } from '@koa/router';
import { z } from 'zod';
import { tenantScope } from '../directory/tenant.js';
import type { AdminServices } from './admin-services.js';
import { loadTenant } from './load-tenant.js';
import { validate } from '../http/validate.js';

const query = z.object({
  limit: z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(500, { error: 'must be at most 500' })
    .default(50),
  cursor: z
    .string()
    .regex(/^\d+-\d+$/, { error: 'must be a cursor from a previous page' })
    .optional(),
});

/** The tenant's recent sign-in attempts, newest first, paged with a cursor. */
export function signInRoutes(router: Router, services: AdminServices) {
  router.get('/tenants/:tenant/sign-ins', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const { limit, cursor } = validate(query, ctx.query);
    ctx.body = await services.signInLog.page(tenantScope(tenant), limit, cursor);
  });
}
