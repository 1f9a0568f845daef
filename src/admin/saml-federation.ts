import { X509Certificate } from 'node:crypto';
import {
  samlPaths,
  samlRules,
  spEndpoints,
  spKey,
} from '../../interactions/methods/saml/saml-flow.js';
import { tenantScope } from '../directory/tenant.js';
import type { Tenant } from '../directory/tenant.js';
import { resolveSamlRule, SamlMetadataError } from '../federation/saml/saml-rule.js';
import type { SamlRule, SamlRuleInput } from '../federation/saml/saml-rule.js';
import { invalidRequest } from '../http/errors.js';
import type { AdminServices } from './admin-services.js';

/**
 * A SAML rule as the API shows it: what the admin wrote, what the IdP metadata said (entity
 * ID, SSO URL, each signing certificate with its expiry), and what the partner registers
 * (this tenant's SP entity ID, ACS URL and metadata URL), as OIDC rules show `redirectUri`.
 */
export function samlRuleView(services: AdminServices, tenant: Tenant, rule: SamlRule) {
  const sp = spEndpoints(services.mountOf(tenant));
  return {
    id: rule.id,
    type: rule.type,
    domains: rule.domains,
    ...(rule.metadataUrl ? { metadataUrl: rule.metadataUrl } : {}),
    emailAttribute: rule.emailAttribute ?? 'email',
    idp: {
      entityId: rule.idp.entityId,
      ssoUrl: rule.idp.ssoUrl,
      certificates: rule.idp.certificates.map((pem) => ({
        notAfter: new Date(new X509Certificate(pem).validTo).toISOString(),
        certificate: pem,
      })),
    },
    sp: {
      entityId: sp.entityId,
      acsUrl: sp.acsUrl,
      metadataUrl: `${services.mountOf(tenant).base}${samlPaths.metadata}`,
    },
  };
}

export async function listSamlRules(services: AdminServices, tenant: Tenant) {
  return samlRules(services).list(tenantScope(tenant));
}

/** Reads each SAML rule's metadata (fetched when given by URL); errors name the rule's place. */
export async function resolveSamlRules(
  services: AdminServices,
  tenant: Tenant,
  rules: readonly { index: number; rule: SamlRuleInput }[],
): Promise<SamlRule[]> {
  const resolved: SamlRule[] = [];
  for (const { index, rule } of rules) {
    try {
      resolved.push(await resolveSamlRule(rule, services.config.production, services.clock.now()));
    } catch (error) {
      if (!(error instanceof SamlMetadataError)) throw error;
      const field = rule.metadataUrl ? 'metadataUrl' : 'metadataXml';
      throw invalidRequest(`[${index}].${field}: ${error.message}`);
    }
  }
  // the SP key exists before the partner is told to register its certificate
  if (resolved.length > 0) await spKey(services, tenant, tenantScope(tenant));
  return resolved;
}

export async function replaceSamlRules(
  services: AdminServices,
  tenant: Tenant,
  rules: readonly SamlRule[],
) {
  await samlRules(services).replace(tenantScope(tenant), rules);
}
