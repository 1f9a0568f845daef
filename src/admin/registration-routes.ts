import type { Router } from '@koa/router';
import { z } from 'zod';
import { registrationPolicyName } from '../directory/client-rules.js';
import type { AdminServices } from './admin-services.js';
import { optionalBody } from './body-reader.js';
import type { BodyReader } from './body-reader.js';
import { loadTenant } from './load-tenant.js';
import { validate } from '../http/validate.js';

const day = 86400;
const year = 365 * day;

const createToken = z
  .object({
    expiresIn: z
      .number({ error: 'must be a number of seconds' })
      .int({ error: 'must be a whole number of seconds' })
      .min(60, { error: 'must be at least 60 seconds' })
      .max(year, { error: `must be at most ${year} seconds (a year)` })
      .default(day),
  })
  .strict();

/**
 * Initial access tokens for dynamic client registration (RFC 7591) at /{t}/reg: a tenant
 * admin hands one to a developer, who registers clients with it until it expires. Each token
 * carries the client rules as its registration policy.
 */
export function registrationRoutes(router: Router, services: AdminServices, readBody: BodyReader) {
  router.post('/tenants/:tenant/initial-access-tokens', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const { expiresIn } = validate(createToken, await optionalBody(ctx, readBody));
    const provider = await services.providerOf(tenant);
    const initialAccessToken = new provider.InitialAccessToken({
      expiresIn,
      policies: [registrationPolicyName],
    });
    const token = await initialAccessToken.save();
    const expiresAt = new Date(
      (initialAccessToken.exp ?? Math.floor(Date.now() / 1000) + expiresIn) * 1000,
    ).toISOString();
    // the token itself is shown once, in this answer, and never logged
    services.logger.info('initial_access_token.created', { tenant: tenant.id, expiresAt });
    ctx.status = 201;
    ctx.body = { token, expiresAt };
  });
}
