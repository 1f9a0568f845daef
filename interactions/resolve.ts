import type { Guest } from '../src/directory/guest.js';
import type { Tenant } from '../src/directory/tenant.js';
import type { BlockedReason } from './journey.js';

/** How a guest signs in, and why (the reason is logged and explained to admins). */
export type Resolution =
  | { readonly method: 'otp'; readonly reason: string }
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
  resolve(input: ResolutionInput): Promise<Resolution | undefined> | Resolution | undefined;
}

/** (a) A guest who redeemed keeps the method they redeemed with. */
export const stickyRule: ResolutionRule = {
  name: 'sticky',
  resolve({ tenant, guest }) {
    if (guest?.authMethod === 'otp') {
      return tenant.policy.emailOtp.enabled
        ? { method: 'otp', reason: 'sticky: redeemed with passcode' }
        : {
            method: 'blocked',
            blocked: 'otp-disabled',
            reason: 'sticky: redeemed with passcode, which the tenant turned off',
          };
    }
    return undefined;
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
 * Resolution runs first and in order: sticky, then the rules in between (federation slots in
 * here), then the passcode; (d) when none applies, a clear "no sign-in method".
 */
export function createResolver(rules: readonly ResolutionRule[]) {
  return async function resolveMethod(input: ResolutionInput): Promise<Resolution> {
    for (const rule of rules) {
      const resolution = await rule.resolve(input);
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
