import { report } from '../report.js';
import type { StepContext } from '../step.js';

/** the ID token's amr for each method (RFC 8176: otp; fed for federation) */
export const amrFor = (method: 'otp' | 'federation'): string[] =>
  method === 'otp' ? ['otp'] : ['fed'];

/**
 * The guest proved their address. A guest's first sign-in to the tenant first accepts the
 * invitation; later ones go straight back to oidc-provider.
 */
export async function finishSignIn(sc: StepContext, method: 'otp' | 'federation'): Promise<void> {
  const { services, scope, journey } = sc;
  const guest = journey.guestId ? await services.guests.find(scope, journey.guestId) : undefined;
  if (!guest) {
    // the guest was deleted while signing in (an uninvited address can never get here)
    await sc.finish({
      error: 'access_denied',
      error_description: 'the guest account no longer exists',
    });
    return;
  }
  if (guest.state === 'pendingAcceptance') {
    await sc.advance({ ...journey, state: 'accept', verifiedBy: method });
    return;
  }
  await report(sc, 'sign_in.succeeded', { method, result: 'success', reason: 'success' });
  await sc.finish({ login: { accountId: guest.id, amr: amrFor(method), remember: true } });
}
