import type { Guest } from '../../src/directory/guest.js';
import type { Binding, Journey } from '../journey.js';
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
  if (await offerBeforeReturning(sc, guest, verified)) return;
  await completeSignIn(sc, guest.id, method);
}

/**
 * A method may show a page of its own before the guest returns to the app (a passkey
 * offer), after a returning guest's sign-in and right after a redemption alike; its step
 * then completes the sign-in. `redeemed`: the redemption was already logged and recorded.
 */
export async function offerBeforeReturning(
  sc: StepContext,
  guest: Guest,
  verified: NonNullable<Journey['verified']>,
  redeemed = false,
): Promise<boolean> {
  for (const other of sc.services.methods.all) {
    const next = await other.afterSignIn?.(sc, guest);
    if (next) {
      await sc.advance({
        ...sc.journey,
        verified,
        ...next,
        data: { ...next.data, ...(redeemed ? { redeemed: true } : {}) },
      });
      return true;
    }
  }
  return false;
}

/** The sign-in was logged already (a redemption), so finishing it only returns to oidc-provider. */
export const alreadyLogged = (sc: StepContext): boolean => sc.journey.data?.redeemed === true;

/**
 * A returning guest's sign-in is done: logged, and back to oidc-provider with the method's
 * amr (after the consent page, when the journey asks it: interactions/steps/consent.ts).
 */
export async function completeSignIn(
  sc: StepContext,
  accountId: string,
  method: string,
): Promise<void> {
  if (!alreadyLogged(sc))
    await report(sc, 'sign_in.succeeded', { method, result: 'success', reason: 'success' });
  await loginDone(sc, { accountId, amr: amrOf(sc, method) }, { redeemed: alreadyLogged(sc) });
}
