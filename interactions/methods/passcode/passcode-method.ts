import type { SignInMethod } from '../method.js';
import { passcodeStates, passcodeStep } from './passcode-step.js';

const start = { state: passcodeStates.send };

/**
 * The email one-time passcode (id `otp`, as the admin API has always named it): Send code,
 * a code arrives by mail, enter it. Offered when the tenant's policy allows it; a guest who
 * redeemed with it is blocked (not moved elsewhere) once the tenant turns it off.
 */
export const passcodeMethod = {
  id: 'otp',
  label: 'one-time code',
  amr: ['otp'],
  idp: () => 'mail',
  steps: [passcodeStep],
  async resume({ tenant }) {
    return tenant.policy.emailOtp.enabled
      ? { method: 'otp', reason: 'sticky: redeemed with passcode', start }
      : {
          method: 'blocked',
          blocked: 'method-disabled',
          of: 'otp',
          reason: 'sticky: redeemed with passcode, which the tenant turned off',
        };
  },
  async offer({ tenant }) {
    return tenant.policy.emailOtp.enabled
      ? { method: 'otp', reason: 'passcode: no rule matches', start }
      : undefined;
  },
  allows: (tenant) => tenant.policy.emailOtp.enabled,
} as const satisfies SignInMethod;
