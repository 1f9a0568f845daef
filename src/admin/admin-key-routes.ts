import type { Router } from '@koa/router';
import { z } from 'zod';
import { tenantScope } from '../directory/tenant.js';
import { notFound } from '../http/errors.js';
import type { AdminServices } from './admin-services.js';
import type { BodyReader } from './body-reader.js';
import { loadTenant } from './load-tenant.js';
import { validate } from '../http/validate.js';

const createKey = z
  .object({
    name: z
      .string({ error: 'required, a string' })
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(100, { error: 'at most 100 characters' }),
  })
  .strict();

/** Per-tenant administrator keys: the key is in the creation answer only. */
export function adminKeyRoutes(router: Router, services: AdminServices, readBody: BodyReader) {
  router.post('/tenants/:tenant/admin-keys', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const { name } = validate(createKey, await readBody(ctx));
    const key = await services.adminKeys.create(tenantScope(tenant), tenant.id, name);
    services.logger.info('admin_key.created', { tenant: tenant.id, key: key.id });
    ctx.status = 201;
    ctx.body = key;
  });

  router.get('/tenants/:tenant/admin-keys', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    ctx.body = await services.adminKeys.list(tenantScope(tenant));
  });

  router.delete('/tenants/:tenant/admin-keys/:adminKey', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    if (!(await services.adminKeys.delete(tenantScope(tenant), ctx.params.adminKey ?? ''))) {
      throw notFound(`admin key "${ctx.params.adminKey}" does not exist in tenant "${tenant.id}"`);
    }
    services.logger.info('admin_key.deleted', { tenant: tenant.id, key: ctx.params.adminKey });
    ctx.status = 204;
  });
}
