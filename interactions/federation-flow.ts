import type { FederationRule, RulesInForce } from '../src/federation/rule.js';
import type { BrowserFlowPlace } from './browser-flow.js';

/** A federated sign-in between the redirect to the upstream IdP and its callback. */
export interface FederationFlow {
  readonly uid: string;
  readonly ruleId: string;
  readonly source: 'tenant' | 'deployment';
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** how long the guest may take at the upstream IdP */
export const federationFlowTtlSeconds = 600;

/** where the cookie that ties the callback to the browser that started the flow lives */
export const federationPlace = (tenantId: string): BrowserFlowPlace => ({
  cookie: 'gp_federation',
  path: `/${tenantId}/federation`,
});

export const federationCallbackPath = '/federation/callback';

export function findRule(
  rules: RulesInForce,
  id: string,
  source: 'tenant' | 'deployment',
): FederationRule | undefined {
  return (source === 'tenant' ? rules.tenant : rules.deployment).find((r) => r.id === id);
}
