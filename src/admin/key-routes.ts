import type { Router } from '@koa/router';
import { z } from 'zod';
import { defaultSigningAlg, publicJwk, signingAlgOf } from '../../config/signing-keys.js';
import { tenantScope } from '../directory/tenant.js';
import type { Tenant } from '../directory/tenant.js';
import { conflict } from '../http/errors.js';
import { validate } from '../http/validate.js';
import type { AdminServices } from './admin-services.js';
import { optionalBody } from './body-reader.js';
import type { BodyReader } from './body-reader.js';
import { loadTenant } from './load-tenant.js';

const maxOverlapSeconds = 30 * 86400;

const rotateKeys = z
  .object({
    overlapSeconds: z
      .number({ error: 'must be a number of seconds' })
      .int({ error: 'must be a whole number of seconds' })
      .min(0, { error: 'must be at least 0 (0: the new key signs at once)' })
      .max(maxOverlapSeconds, { error: `must be at most ${maxOverlapSeconds} seconds (30 days)` })
      .optional(),
  })
  .strict();

/** SIGNING_KEYS=deployment: the JWKS_PATH keys, the first of them the default signer. */
function deploymentKeyList(services: AdminServices) {
  const { jwks } = services.config;
  const signer = defaultSigningAlg(jwks);
  return {
    mode: 'deployment' as const,
    keys: jwks.keys.map((key, index) => ({
      kid: key.kid ?? null,
      alg: signingAlgOf(key) ?? signer,
      state: index === 0 ? 'active' : 'published',
      activatesAt: null,
      retiresAt: null,
      publicJwk: publicJwk(key),
    })),
  };
}

async function tenantKeyList(services: AdminServices, tenant: Tenant) {
  const signingKeys = services.signingKeys;
  if (!signingKeys) return deploymentKeyList(services);
  return { mode: 'tenant' as const, keys: await signingKeys.list(tenantScope(tenant), tenant.id) };
}

/**
 * A tenant's signing keys: the public parts and states (next, active, retiring), and their
 * rotation. With SIGNING_KEYS=deployment every tenant signs with the JWKS_PATH keys: they are
 * listed, and rotation is refused (rotate the file).
 */
export function keyRoutes(router: Router, services: AdminServices, readBody: BodyReader) {
  router.get('/tenants/:tenant/keys', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    ctx.body = await tenantKeyList(services, tenant);
  });

  router.post('/tenants/:tenant/keys/rotate', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const { overlapSeconds } = validate(rotateKeys, await optionalBody(ctx, readBody));
    const signingKeys = services.signingKeys;
    if (!signingKeys) {
      throw conflict(
        'this deployment signs every tenant with the keys of JWKS_PATH (SIGNING_KEYS=deployment): rotate that file, or set SIGNING_KEYS=tenant',
      );
    }
    const result = await signingKeys.rotate(tenantScope(tenant), tenant.id, overlapSeconds);
    if ('pending' in result) {
      throw conflict(
        `a rotation is under way: key ${result.pending.kid} signs from ${result.pending.activatesAt}; rotate again after that`,
      );
    }
    services.logger.info('signing_key.rotated', {
      tenant: tenant.id,
      kid: result.rotated.kid,
      activatesAt: result.rotated.activatesAt,
    });
    ctx.status = 201;
    ctx.body = { mode: 'tenant', rotated: result.rotated.kid, keys: result.keys };
  });
}
