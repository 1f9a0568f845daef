import type { Router } from '@koa/router';
import { z } from 'zod';
import { tenantScope } from '../directory/tenant.js';
import { validate } from '../http/validate.js';
import type { AdminServices } from './admin-services.js';
import { loadTenant } from './load-tenant.js';
import { logPageQuery } from './sign-in-routes.js';

const query = logPageQuery.extend({
  status: z.enum(['sent', 'not_sent'], { error: 'must be sent or not_sent' }).optional(),
});

/**
 * What became of the tenant's mails (README "Mail"): each passcode and invitation mail the
 * courier finished, sent or not sent (and why), newest first, paged with a cursor.
 * `status=not_sent` keeps only the failures of the page read.
 */
export function mailRoutes(router: Router, services: AdminServices) {
  router.get('/tenants/:tenant/mail', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const { limit, cursor, status } = validate(query, ctx.query);
    const page = await services.mailLog.page(tenantScope(tenant), limit, cursor);
    ctx.body = status ? { ...page, items: page.items.filter((i) => i.status === status) } : page;
  });
}
