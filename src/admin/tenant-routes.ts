import type { Router } from '@koa/router';
import type { BodyReader } from './body-reader.js';
import { z } from 'zod';
import { reservedTenantIds, tenantIdPattern, tenantScope } from '../directory/tenant.js';
import { conflict, invalidRequest } from '../http/errors.js';
import type { AdminServices } from './admin-services.js';
import { loadTenant } from './load-tenant.js';
import { asksForPage, pageQuery } from '../http/page-query.js';
import { validate } from '../http/validate.js';
import { tenantView } from './views.js';
import { brandingInput, languageInput } from '../directory/tenant-branding.js';

const displayName = z
  .string({ error: 'required, a string' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(200, { error: 'at most 200 characters' })
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), {
    error: 'must not contain control characters (CR, LF, …): it appears in mail headers',
  });

const createTenant = z
  .object({
    id: z.string({ error: 'required, a string' }).regex(tenantIdPattern, {
      error:
        'must match ^[a-z0-9][a-z0-9-]{1,62}$ (lowercase letters, digits, hyphens; 2 to 63 characters)',
    }),
    displayName,
    defaultLanguage: languageInput.optional(),
    branding: brandingInput.optional(),
  })
  .strict();

/** A change of a tenant: its name, default language (null: none) and branding (merged). */
const changeTenant = z
  .object({
    displayName: displayName.optional(),
    defaultLanguage: languageInput.nullable().optional(),
    branding: brandingInput.optional(),
  })
  .strict();

const policy = z
  .object({
    emailOtp: z.object({ enabled: z.boolean({ error: 'must be true or false' }) }).strict(),
    // optional: absent keeps the tenant's setting (on unless turned off)
    passkeys: z
      .object({ enabled: z.boolean({ error: 'must be true or false' }) })
      .strict()
      .optional(),
  })
  .strict();

/** `limit` and `cursor` (a tenant id: the page goes on after it) of a page of tenants */
const tenantPageQuery = pageQuery((value) => tenantIdPattern.test(value));

export function tenantRoutes(router: Router, services: AdminServices, readBody: BodyReader) {
  // every tenant by id (an array), or with `limit` or `cursor` a page of them: {items, next, total}
  router.get('/tenants', async (ctx) => {
    if (!asksForPage(ctx.query)) {
      ctx.body = (await services.tenants.list()).map(tenantView);
      return;
    }
    const { limit, cursor } = validate(tenantPageQuery, ctx.query);
    const page = await services.tenants.page(limit, cursor);
    ctx.body = { ...page, items: page.items.map(tenantView) };
  });

  router.post('/tenants', async (ctx) => {
    const input = validate(createTenant, await readBody(ctx));
    if (reservedTenantIds.has(input.id))
      throw invalidRequest(`id: "${input.id}" is reserved; choose another`);
    const created = await services.tenants.create(input.id, input.displayName);
    if (!created) throw conflict(`tenant "${input.id}" already exists`);
    const tenant =
      input.defaultLanguage || input.branding
        ? await services.tenants.update(created, {
            ...(input.defaultLanguage ? { defaultLanguage: input.defaultLanguage } : {}),
            ...(input.branding ? { branding: input.branding } : {}),
          })
        : created;
    // SIGNING_KEYS=tenant: its own first signing key, made with it
    await services.signingKeys?.ensure(tenantScope(tenant), tenant.id);
    services.logger.info('tenant.created', { tenant: tenant.id });
    ctx.status = 201;
    ctx.body = tenantView(tenant);
  });

  router.get('/tenants/:tenant', async (ctx) => {
    ctx.body = tenantView(await loadTenant(services, ctx.params.tenant));
  });

  router.patch('/tenants/:tenant', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const input = validate(changeTenant, await readBody(ctx));
    const updated = await services.tenants.update(tenant, input);
    if (input.branding || input.defaultLanguage !== undefined)
      services.logger.info('tenant.branding_changed', {
        tenant: tenant.id,
        fields: [
          ...Object.keys(input.branding ?? {}),
          ...(input.defaultLanguage !== undefined ? ['defaultLanguage'] : []),
        ],
      });
    ctx.body = tenantView(updated);
  });

  router.delete('/tenants/:tenant', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    await services.tenants.delete(tenant);
    services.logger.info('tenant.deleted', { tenant: tenant.id });
    ctx.status = 204;
  });

  router.get('/tenants/:tenant/policy', async (ctx) => {
    ctx.body = (await loadTenant(services, ctx.params.tenant)).policy;
  });

  router.put('/tenants/:tenant/policy', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const input = validate(policy, await readBody(ctx));
    const passkeys = input.passkeys ?? tenant.policy.passkeys;
    const updated = await services.tenants.update(tenant, {
      policy: { emailOtp: input.emailOtp, ...(passkeys ? { passkeys } : {}) },
    });
    services.logger.info('policy.changed', {
      tenant: tenant.id,
      emailOtp: input.emailOtp.enabled,
      passkeys: passkeys?.enabled !== false,
    });
    ctx.body = updated.policy;
  });
}
