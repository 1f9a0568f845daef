import type { Router } from '@koa/router';
import type { ClientMetadata } from 'oidc-provider';
import { z } from 'zod';
import { allowedAuthMethods, clientRuleViolation } from '../directory/client-rules.js';
import type { ClientRuleOptions } from '../directory/client-rules.js';
import { isAllowedRedirectUri, redirectUriRule } from '../directory/redirect-uri.js';
import { tenantScope } from '../directory/tenant.js';
import type { Tenant } from '../directory/tenant.js';
import { invalidRequest, notFound } from '../http/errors.js';
import type { AdminServices } from './admin-services.js';
import type { BodyReader } from './body-reader.js';
import { loadTenant } from './load-tenant.js';
import { validate } from '../http/validate.js';

const redirectUri = z
  .string({ error: 'must be a string' })
  .refine(isAllowedRedirectUri, { error: redirectUriRule });

const createClient = z
  .object({
    client_name: z
      .string({ error: 'required, a string' })
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(200),
    redirect_uris: z.array(redirectUri, { error: 'must be an array of URLs' }).max(50).default([]),
    token_endpoint_auth_method: z
      .enum(allowedAuthMethods as [string, ...string[]], {
        error: `must be ${allowedAuthMethods.slice(0, -1).join(', ')} or ${allowedAuthMethods.at(-1)}`,
      })
      .default('client_secret_basic'),
    // private_key_jwt: the client's public keys (client-rules.ts checks them)
    jwks: z
      .record(z.string(), z.unknown(), { error: 'must be a JWK Set: {"keys": [...]}' })
      .optional(),
    jwks_uri: z.string({ error: 'must be a URL' }).optional(),
    post_logout_redirect_uris: z
      .array(redirectUri, { error: 'must be an array of URLs' })
      .max(50)
      .optional(),
    grant_types: z
      .array(
        z.enum(['authorization_code', 'refresh_token', 'client_credentials'], {
          error: 'each must be authorization_code, refresh_token or client_credentials',
        }),
      )
      .min(1, { error: 'must name at least one grant type' })
      .default(['authorization_code']),
    skip_consent: z.boolean({ error: 'must be true or false' }).default(false),
  })
  .strict();

/** The schema's input as client metadata, held to the rules every client obeys (client-rules.ts). */
function toMetadata(
  input: z.infer<typeof createClient>,
  rules: ClientRuleOptions,
): Omit<ClientMetadata, 'client_id'> {
  const grants = [...new Set(input.grant_types)];
  const metadata = {
    client_name: input.client_name,
    redirect_uris: input.redirect_uris,
    post_logout_redirect_uris: input.post_logout_redirect_uris ?? [],
    token_endpoint_auth_method: input.token_endpoint_auth_method,
    grant_types: grants,
    response_types: grants.includes('authorization_code') ? ['code'] : [],
    skip_consent: input.skip_consent,
    ...(input.jwks === undefined ? {} : { jwks: input.jwks }),
    ...(input.jwks_uri === undefined ? {} : { jwks_uri: input.jwks_uri }),
  };
  const broken = clientRuleViolation(metadata, 'admin', rules);
  if (broken) throw invalidRequest(broken.description);
  return metadata;
}

/** Checks the metadata with the tenant's own oidc-provider, the same rules its endpoints apply. */
async function checkWithProvider(
  services: AdminServices,
  tenant: Tenant,
  metadata: Omit<ClientMetadata, 'client_id'>,
) {
  const provider = await services.providerOf(tenant);
  try {
    await provider.Client.validate({
      ...metadata,
      client_id: 'validation',
      client_secret: 'x'.repeat(43),
    });
  } catch (error) {
    const described = error as { error_description?: string; message?: string };
    throw invalidRequest(
      described.error_description ?? described.message ?? 'invalid client metadata',
    );
  }
}

export function clientRoutes(router: Router, services: AdminServices, readBody: BodyReader) {
  router.post('/tenants/:tenant/clients', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const metadata = toMetadata(validate(createClient, await readBody(ctx)), {
      jwksUriHosts: services.config.clientJwksUriHosts,
    });
    await checkWithProvider(services, tenant, metadata);
    const client = await services.clients.create(tenantScope(tenant), metadata);
    services.logger.info('client.created', { tenant: tenant.id, client: client.client_id });
    ctx.status = 201;
    ctx.body = client;
  });

  router.get('/tenants/:tenant/clients', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    ctx.body = await services.clients.list(tenantScope(tenant));
  });

  router.get('/tenants/:tenant/clients/:client', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const client = await services.clients.find(tenantScope(tenant), ctx.params.client ?? '');
    if (!client)
      throw notFound(`client "${ctx.params.client}" does not exist in tenant "${tenant.id}"`);
    ctx.body = client;
  });

  router.delete('/tenants/:tenant/clients/:client', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    if (!(await services.clients.delete(tenantScope(tenant), ctx.params.client ?? ''))) {
      throw notFound(`client "${ctx.params.client}" does not exist in tenant "${tenant.id}"`);
    }
    services.logger.info('client.deleted', { tenant: tenant.id, client: ctx.params.client });
    ctx.status = 204;
  });
}
