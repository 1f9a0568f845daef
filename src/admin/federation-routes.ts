import type { Router } from '@koa/router';
import { z } from 'zod';
import { isBlocked } from '../../interactions/resolve.js';
import { federationCallbackUrl } from '../../interactions/methods/federation/federation-flow.js';
import { tenantScope } from '../directory/tenant.js';
import type { Tenant } from '../directory/tenant.js';
import { duplicateDomain, ruleSchema } from '../federation/rule.js';
import type { FederationRule } from '../federation/rule.js';
import { FederationError } from '../federation/upstreams.js';
import { invalidRequest } from '../http/errors.js';
import type { AdminServices } from './admin-services.js';
import type { BodyReader } from './body-reader.js';
import { loadTenant } from './load-tenant.js';
import { validate } from '../http/validate.js';
import { isEmailAddress, normalizeEmail } from '../directory/guest.js';

/** A rule as the API shows it: never the secret, always the callback to register upstream. */
function ruleView(services: AdminServices, tenant: Tenant, rule: FederationRule) {
  return {
    id: rule.id,
    domains: rule.domains,
    issuer: rule.issuer,
    clientId: rule.clientId,
    redirectUri: federationCallbackUrl(services.mountOf(tenant)),
  };
}

export function federationRoutes(router: Router, services: AdminServices, readBody: BodyReader) {
  router.get('/tenants/:tenant/federation', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    ctx.body = (await services.federation.rules.list(tenantScope(tenant))).map((r) =>
      ruleView(services, tenant, r),
    );
  });

  /**
   * Replaces the tenant's rules. A rule may omit its clientSecret to keep the stored one
   * (secrets are write-only). Every issuer must answer discovery before anything is saved.
   */
  router.put('/tenants/:tenant/federation', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const scope = tenantScope(tenant);
    const input = validate(
      z.array(ruleSchema(services.config.production, false), {
        error: 'must be an array of rules',
      }),
      await readBody(ctx),
    );
    const ids = input.map((r) => r.id);
    const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
    if (repeated) throw invalidRequest(`id: "${repeated}" names more than one rule`);
    const duplicate = duplicateDomain(input);
    if (duplicate)
      throw invalidRequest(
        `domains: ${duplicate} is in more than one rule; a domain belongs to at most one rule`,
      );
    const existing = await services.federation.rules.list(scope);
    const rules: FederationRule[] = input.map((rule, i) => {
      const kept = existing.find(
        (r) => r.id === rule.id && r.issuer === rule.issuer && r.clientId === rule.clientId,
      );
      const clientSecret = rule.clientSecret ?? kept?.clientSecret;
      if (!clientSecret)
        throw invalidRequest(
          `[${i}].clientSecret: required for a new rule (or a new issuer or client)`,
        );
      return { ...rule, clientSecret };
    });
    for (const [i, rule] of rules.entries()) {
      try {
        await services.federation.upstreams.check(rule.issuer);
      } catch (error) {
        if (!(error instanceof FederationError)) throw error;
        throw invalidRequest(
          `[${i}].issuer: discovery of ${rule.issuer} failed (${error.message})`,
        );
      }
    }
    await services.federation.rules.replace(scope, rules);
    services.logger.info('federation.rules_set', {
      tenant: tenant.id,
      rules: rules.map((r) => r.id),
    });
    ctx.body = rules.map((r) => ruleView(services, tenant, r));
  });

  /** Explains the decision for an address without signing anyone in. */
  router.get('/tenants/:tenant/federation/resolve', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const email = String(ctx.query.email ?? '').trim();
    if (!isEmailAddress(email))
      throw invalidRequest('email: a query parameter with an email address is required');
    const guest = await services.guests.findByEmail(tenantScope(tenant), normalizeEmail(email));
    const resolution = await services.resolve({ tenant, email: normalizeEmail(email), guest });
    ctx.body = {
      email: normalizeEmail(email),
      method: resolution.method,
      reason: resolution.reason,
      ...(isBlocked(resolution)
        ? {
            blocked:
              resolution.blocked === 'method-disabled' ? `${resolution.of}-disabled` : 'no-method',
          }
        : (resolution.explain ?? {})),
    };
  });
}
