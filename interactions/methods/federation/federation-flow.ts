import type { FederationRule, RulesInForce } from '../../../src/federation/rule.js';
import type { BrowserFlowPlace } from '../../browser-flow.js';
import type { Mount } from '../../step.js';

/** A federated sign-in between the redirect to the upstream IdP and its callback. */
export interface FederationFlow {
  readonly uid: string;
  readonly ruleId: string;
  readonly source: 'tenant' | 'deployment';
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** The journey data of the federation method: the rule the guest is sent to. */
export interface FederationData {
  readonly rule: { readonly id: string; readonly source: 'tenant' | 'deployment' };
}

/** how long the guest may take at the upstream IdP */
export const federationFlowTtlSeconds = 600;

export const federationCallbackPath = '/federation/callback';

export const federationStates = {
  redirect: 'federation:redirect',
  verified: 'federation:verified',
} as const;

/** where the cookie that ties the callback to the browser that started the flow lives */
export const federationPlace = (mount: Mount): BrowserFlowPlace => ({
  cookie: 'gp_federation',
  path: `${mount.path}/federation`,
});

/** the callback URL registered at the upstream IdP */
export const federationCallbackUrl = (mount: Mount) => `${mount.base}${federationCallbackPath}`;

export function findRule(
  rules: RulesInForce,
  id: string,
  source: 'tenant' | 'deployment',
): FederationRule | undefined {
  return (source === 'tenant' ? rules.tenant : rules.deployment).find((r) => r.id === id);
}
