import { emailDomain } from '../../../src/directory/guest.js';
import { tenantScope } from '../../../src/directory/tenant.js';
import type { SamlRule } from '../../../src/federation/saml/saml-rule.js';
import type { MethodChoice, SignInMethod } from '../method.js';
import { samlAcs, samlMetadata } from './saml-routes.js';
import { samlRules, samlStates } from './saml-flow.js';
import type { SamlData } from './saml-flow.js';
import { samlStep } from './saml-step.js';

function choose(rule: SamlRule, reason: string): MethodChoice {
  const data: SamlData = { rule: rule.id };
  return {
    method: 'saml',
    reason,
    start: { state: samlStates.redirect, data: { ...data } },
    explain: { rule: { id: rule.id, source: 'tenant', type: 'saml', entityId: rule.idp.entityId } },
  };
}

/**
 * SAML 2.0 federation: the guest signs in at their organization's SAML identity provider,
 * chosen by a tenant's SAML rule for the email's domain (a domain is in one rule, OpenID or
 * SAML). On redemption the guest is bound to (IdP entity ID, NameID); later sign-ins must
 * present the same pair.
 */
export const samlMethod = {
  id: 'saml',
  label: 'partner identity provider (SAML)',
  amr: ['fed'],
  idp: (guest) => guest.federation?.issuer ?? 'saml',
  steps: [samlStep],
  routes: [samlAcs, samlMetadata],
  async resume({ guest, tenant }, services) {
    const issuer = guest?.federation?.issuer ?? '';
    const rules = await samlRules(services).list(tenantScope(tenant));
    const rule = rules.find((r) => r.idp.entityId === issuer);
    return rule
      ? choose(rule, `sticky: redeemed with ${issuer} (rule ${rule.id})`)
      : {
          method: 'blocked',
          blocked: 'no-method',
          reason: `sticky: redeemed with ${issuer}, which no SAML rule names any more`,
        };
  },
  async offer({ email, tenant }, services) {
    const domain = emailDomain(email);
    const rules = await samlRules(services).list(tenantScope(tenant));
    const rule = rules.find((r) => r.domains.includes(domain));
    return rule && choose(rule, `rule ${rule.id} (SAML): domain ${domain}`);
  },
  allows: (_tenant, guest) => guest.federation !== undefined,
} as const satisfies SignInMethod;
