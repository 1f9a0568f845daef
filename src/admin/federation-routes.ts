import type { Router } from '@koa/router';
import { z } from 'zod';
import { isBlocked } from '../../interactions/resolve.js';
import { federationCallbackUrl } from '../../interactions/methods/federation/federation-flow.js';
import { tenantScope } from '../directory/tenant.js';
import type { Tenant } from '../directory/tenant.js';
import { generateClientKey, publishedKey } from '../federation/client-key.js';
import { duplicateDomain, ruleSchema } from '../federation/rule.js';
import { ruleOrSamlSchema } from '../federation/saml/saml-rule.js';
import type { SamlRuleInput } from '../federation/saml/saml-rule.js';
import type { FederationRule, ParsedRule } from '../federation/rule.js';
import {
  FederationError,
  IssuerMismatchError,
  unsupportedClientAuth,
} from '../federation/upstreams.js';
import type { UpstreamMetadata } from '../federation/upstreams.js';
import { invalidRequest } from '../http/errors.js';
import type { AdminServices } from './admin-services.js';
import {
  listSamlRules,
  replaceSamlRules,
  resolveSamlRules,
  samlRuleView,
} from './saml-federation.js';
import type { BodyReader } from './body-reader.js';
import { loadTenant } from './load-tenant.js';
import { validate } from '../http/validate.js';
import { isEmailAddress, normalizeEmail } from '../directory/guest.js';

/**
 * A rule as the API shows it: what the admin wrote plus what its type filled in (the issuer),
 * never the secret or the private key; the public key to register upstream when Guestpass
 * holds one; always the callback to register upstream.
 */
function ruleView(services: AdminServices, tenant: Tenant, rule: FederationRule) {
  const { clientSecret, clientKey, ...shown } = rule;
  return {
    ...shown,
    // Entra's discovery URL follows from its tenant; an oidc rule's was written by the admin
    ...(rule.type === 'entra' ? { discovery: undefined } : {}),
    ...(clientKey ? { clientAuth: 'private_key_jwt', publicKey: publishedKey(clientKey) } : {}),
    redirectUri: federationCallbackUrl(services.mountOf(tenant)),
  };
}

/** The field that says where a rule's upstream is, for discovery errors. */
const locationField = (rule: FederationRule) =>
  rule.type === 'entra' ? 'tenant' : rule.discovery ? 'discovery' : 'issuer';

export function federationRoutes(router: Router, services: AdminServices, readBody: BodyReader) {
  router.get('/tenants/:tenant/federation', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    ctx.body = [
      ...(await services.federation.rules.list(tenantScope(tenant))).map((r) =>
        ruleView(services, tenant, r),
      ),
      ...(await listSamlRules(services, tenant)).map((r) => samlRuleView(services, tenant, r)),
    ];
  });

  /**
   * A rule's client credential: the secret sent, or else the one stored for the same rule,
   * issuer and client (secrets are write-only); `clientAuth: "private_key_jwt"` keeps the
   * stored key or creates one.
   */
  async function withCredential(
    tenant: Tenant,
    { clientAuth, clientSecret, ...rule }: ParsedRule,
    kept: FederationRule | undefined,
    i: number,
  ): Promise<FederationRule> {
    if (clientAuth === 'private_key_jwt') {
      const clientKey =
        kept?.clientKey ??
        (await generateClientKey(
          `Guestpass ${tenant.id} ${rule.id}`,
          new Date(services.clock.now()),
        ));
      return { ...rule, clientKey };
    }
    const secret = clientSecret ?? kept?.clientSecret;
    if (secret) return { ...rule, clientSecret: secret };
    if (clientAuth === undefined && kept?.clientKey) return { ...rule, clientKey: kept.clientKey };
    throw invalidRequest(
      `[${i}].clientSecret: required for a new rule (or a new issuer or client)`,
    );
  }

  /**
   * Replaces the tenant's rules. A rule may omit its clientSecret to keep the stored one
   * (secrets are write-only). Every upstream must answer discovery, with the rule's issuer
   * exactly, and take the rule's client authentication before anything is saved.
   */
  router.put('/tenants/:tenant/federation', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const scope = tenantScope(tenant);
    const all = validate(
      z.array(
        ruleOrSamlSchema(services.config.production, ruleSchema(services.config.production, false)),
        {
          error: 'must be an array of rules',
        },
      ),
      await readBody(ctx),
    );
    // SAML rules (type "saml") are kept apart from the OpenID ones; ids and domains span both
    const isSaml = (r: (typeof all)[number]): r is SamlRuleInput => r.type === 'saml';
    const input = all.filter((r): r is ParsedRule => !isSaml(r));
    const at = (i: number) => all.indexOf(input[i]!);
    const ids = all.map((r) => r.id);
    const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
    if (repeated) throw invalidRequest(`id: "${repeated}" names more than one rule`);
    const duplicate = duplicateDomain(all);
    if (duplicate)
      throw invalidRequest(
        `domains: ${duplicate} is in more than one rule; a domain belongs to at most one rule`,
      );
    const existing = await services.federation.rules.list(scope);
    const rules: FederationRule[] = [];
    for (const [i, rule] of input.entries()) {
      const kept = existing.find(
        (r) => r.id === rule.id && r.issuer === rule.issuer && r.clientId === rule.clientId,
      );
      rules.push(await withCredential(tenant, rule, kept, at(i)));
    }
    for (const [i, rule] of rules.entries()) {
      const field = `[${at(i)}].${locationField(rule)}`;
      let metadata: UpstreamMetadata;
      try {
        metadata = await services.federation.upstreams.check(rule);
      } catch (error) {
        if (error instanceof IssuerMismatchError)
          throw invalidRequest(
            `${field}: the issuer is ${rule.issuer}, but its metadata states ${error.stated} (issuers are compared exactly)`,
          );
        if (!(error instanceof FederationError)) throw error;
        throw invalidRequest(
          `${field}: discovery of ${rule.discovery ?? rule.issuer} failed (${error.message})`,
        );
      }
      const unsupported = unsupportedClientAuth(rule, metadata);
      if (unsupported) throw invalidRequest(`[${at(i)}].clientAuth: ${unsupported}`);
    }
    const saml = await resolveSamlRules(
      services,
      tenant,
      all.flatMap((rule, index) => (isSaml(rule) ? [{ index, rule }] : [])),
    );
    await services.federation.rules.replace(scope, rules);
    await replaceSamlRules(services, tenant, saml);
    services.logger.info('federation.rules_set', {
      tenant: tenant.id,
      rules: [...rules, ...saml].map((r) => r.id),
    });
    ctx.body = [
      ...rules.map((r) => ruleView(services, tenant, r)),
      ...saml.map((r) => samlRuleView(services, tenant, r)),
    ];
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
