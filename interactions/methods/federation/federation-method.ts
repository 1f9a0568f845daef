import { emailDomain } from '../../../src/directory/guest.js';
import { ruleForDomain, ruleForIssuer } from '../../../src/federation/rule.js';
import type { SourcedRule } from '../../../src/federation/rule.js';
import type { MethodChoice, SignInMethod } from '../method.js';
import { federationCallback } from './federation-callback.js';
import { federationStates } from './federation-flow.js';
import type { FederationData } from './federation-flow.js';
import { federationStep } from './federation-step.js';

const describe = ({ rule, source }: SourcedRule) =>
  `rule ${rule.id}${source === 'deployment' ? ' (deployment)' : ''}`;

function choose(rule: SourcedRule, reason: string): MethodChoice {
  const data: FederationData = { rule: { id: rule.rule.id, source: rule.source } };
  return {
    method: 'federation',
    reason,
    start: { state: federationStates.redirect, data: { ...data } },
    explain: { rule: { id: rule.rule.id, source: rule.source, issuer: rule.rule.issuer } },
  };
}

/**
 * Federation: the guest signs in at their own organization's OpenID provider, chosen by a
 * rule of the tenant (or of the deployment) for the email's domain. On redemption the guest
 * is bound to the upstream (iss, sub); later sign-ins must present the same identity.
 */
export const federationMethod = {
  id: 'federation',
  label: 'partner identity provider',
  amr: ['fed'],
  idp: (guest) => guest.federation?.issuer ?? 'federation',
  steps: [federationStep],
  routes: [federationCallback],
  async resume({ guest, tenant }, services) {
    const issuer = guest?.federation?.issuer ?? '';
    const rules = await services.federation.rulesInForce(tenant);
    const rule = ruleForIssuer(issuer, rules.tenant, rules.deployment);
    return rule
      ? choose(rule, `sticky: redeemed with ${issuer} (${describe(rule)})`)
      : {
          method: 'blocked',
          blocked: 'no-method',
          reason: `sticky: redeemed with ${issuer}, which no rule names any more`,
        };
  },
  async offer({ email, tenant }, services) {
    const domain = emailDomain(email);
    const rules = await services.federation.rulesInForce(tenant);
    const rule = ruleForDomain(domain, rules.tenant, rules.deployment);
    return rule && choose(rule, `${describe(rule)}: domain ${domain}`);
  },
  allows: (_tenant, guest) => guest.federation !== undefined,
} as const satisfies SignInMethod;
