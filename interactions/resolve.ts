import { emailDomain } from '../src/directory/guest.js';
import type { Guest } from '../src/directory/guest.js';
import type { Tenant } from '../src/directory/tenant.js';
import { ruleForDomain, ruleForIssuer } from '../src/federation/rule.js';
import type { RulesInForce, SourcedRule } from '../src/federation/rule.js';
import type { BlockedReason } from './journey.js';

/** How a guest signs in, and why (the reason is logged and explained to admins). */
export type Resolution =
  | { readonly method: 'otp'; readonly reason: string }
  | { readonly method: 'federation'; readonly rule: SourcedRule; readonly reason: string }
  | { readonly method: 'blocked'; readonly blocked: BlockedReason; readonly reason: string };

export interface ResolutionInput {
  readonly tenant: Tenant;
  readonly email: string;
  /** undefined when the address is not invited: it resolves exactly like a pending guest */
  readonly guest: Guest | undefined;
}

/** One rule of the resolution order; undefined = "not mine, ask the next rule". */
export interface ResolutionRule {
  readonly name: string;
  resolve(input: ResolutionInput, rules: RulesInForce): Resolution | undefined;
}

const describeRule = ({ rule, source }: SourcedRule) =>
  `rule ${rule.id}${source === 'deployment' ? ' (deployment)' : ''}`;

/** (a) A guest who redeemed keeps the method they redeemed with, whatever changed since. */
export const stickyRule: ResolutionRule = {
  name: 'sticky',
  resolve({ tenant, guest }, rules) {
    if (guest?.authMethod === 'otp') {
      return tenant.policy.emailOtp.enabled
        ? { method: 'otp', reason: 'sticky: redeemed with passcode' }
        : {
            method: 'blocked',
            blocked: 'otp-disabled',
            reason: 'sticky: redeemed with passcode, which the tenant turned off',
          };
    }
    if (guest?.authMethod === 'federation' && guest.federation) {
      const rule = ruleForIssuer(guest.federation.issuer, rules.tenant, rules.deployment);
      return rule
        ? {
            method: 'federation',
            rule,
            reason: `sticky: redeemed with ${guest.federation.issuer} (${describeRule(rule)})`,
          }
        : {
            method: 'blocked',
            blocked: 'no-method',
            reason: `sticky: redeemed with ${guest.federation.issuer}, which no rule names any more`,
          };
    }
    return undefined;
  },
};

/** (b) A federation rule whose domains contain the email's domain (the tenant's own first). */
export const federationRule: ResolutionRule = {
  name: 'federation',
  resolve({ email }, rules) {
    const domain = emailDomain(email);
    const rule = ruleForDomain(domain, rules.tenant, rules.deployment);
    return (
      rule && { method: 'federation', rule, reason: `${describeRule(rule)}: domain ${domain}` }
    );
  },
};

/** (c) Otherwise the email passcode, when the tenant's policy allows it. */
export const passcodeRule: ResolutionRule = {
  name: 'passcode',
  resolve({ tenant }) {
    return tenant.policy.emailOtp.enabled
      ? { method: 'otp', reason: 'passcode: no rule matches' }
      : undefined;
  },
};

/**
 * Resolution runs first and in order: sticky, federation, passcode; (d) when none applies,
 * a clear "no sign-in method". The tenant's rules are read once per resolution.
 */
export function createResolver(
  rules: readonly ResolutionRule[],
  rulesInForce: (tenant: Tenant) => Promise<RulesInForce>,
) {
  return async function resolveMethod(input: ResolutionInput): Promise<Resolution> {
    const inForce = await rulesInForce(input.tenant);
    for (const rule of rules) {
      const resolution = rule.resolve(input, inForce);
      if (resolution) return resolution;
    }
    return {
      method: 'blocked',
      blocked: 'no-method',
      reason: 'no sign-in method: passcodes are off and no rule matches',
    };
  };
}

export type Resolver = ReturnType<typeof createResolver>;
