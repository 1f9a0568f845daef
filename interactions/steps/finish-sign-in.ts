import type { Binding } from '../journey.js';
import { report } from '../report.js';
import { loginDone } from './consent.js';
import type { StepContext } from '../step.js';

/** The ID token's amr for a method (RFC 8176), from the registry. */
export function amrOf(sc: StepContext, methodId: string): string[] {
  return [...(sc.services.methods.get(methodId)?.amr ?? [])];
}

/**
 * The guest proved their address with the journey's method (and, for a method that binds an
 * identity, with that identity). A guest's first sign-in to the tenant first accepts the
 * invitation; later ones go straight back to oidc-provider.
 */
export async function finishSignIn(sc: StepContext, binding?: Binding): Promise<void> {
  const { services, scope, journey } = sc;
  const method = journey.method ?? '';
  const guest = journey.guestId ? await services.guests.find(scope, journey.guestId) : undefined;
  if (!guest) {
    // the guest was deleted while signing in (an uninvited address can never get here)
    await sc.finish({
      error: 'access_denied',
      error_description: 'the guest account no longer exists',
    });
    return;
  }
  const verified = { method, ...(binding ? { binding } : {}) };
  if (guest.state === 'pendingAcceptance') {
    await sc.advance({ ...journey, state: 'accept', verified });
    return;
  }
  // a method may show a page of its own first (a passkey offer); it completes the sign-in
  for (const other of services.methods.all) {
    const next = await other.afterSignIn?.(sc, guest);
    if (next) {
      await sc.advance({ ...journey, verified, ...next });
      return;
    }
  }
  await completeSignIn(sc, guest.id, method);
}

/**
 * A returning guest's sign-in is done: logged, and back to oidc-provider with the method's
 * amr (after the consent page, when the journey asks it: interactions/steps/consent.ts).
 */
export async function completeSignIn(
  sc: StepContext,
  accountId: string,
  method: string,
): Promise<void> {
  await report(sc, 'sign_in.succeeded', { method, result: 'success', reason: 'success' });
  await loginDone(sc, { accountId, amr: amrOf(sc, method) });
}
