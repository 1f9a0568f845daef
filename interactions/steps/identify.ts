import { isEmailAddress, normalizeEmail } from '../../src/directory/guest.js';
import { identifyPage } from '../views/identify-page.js';
import type { Journey } from '../journey.js';
import { report } from '../report.js';
import type { Step, StepContext } from '../step.js';

/**
 * Resolves how an address signs in and moves the journey to that method's first state.
 * An address that is not invited resolves exactly like a pending guest.
 */
export async function resolveJourney(sc: StepContext, email: string): Promise<Journey> {
  const { services, tenant, scope } = sc;
  const guest = await services.guests.findByEmail(scope, email);
  const resolution = await services.resolve({ tenant, email, guest });
  const method = resolution.method === 'blocked' ? null : resolution.method;
  await report(
    { ...sc, journey: { state: 'identify', email, guestId: guest?.id ?? null } },
    'journey.resolved',
    {
      method,
      result: 'progress',
      reason: 'resolved',
      detail: resolution.reason,
    },
  );
  const base = { email, guestId: guest?.id ?? null };
  if (resolution.method === 'blocked') {
    const blocked: Journey = { ...base, state: 'blocked', blocked: resolution.blocked };
    const reason = resolution.blocked === 'otp-disabled' ? 'method_disabled' : 'no_method';
    await report({ ...sc, journey: blocked }, 'sign_in.blocked', {
      method: null,
      result: 'failure',
      reason,
    });
    return blocked;
  }
  if (resolution.method === 'federation') {
    return {
      ...base,
      state: 'federation',
      federationRule: { id: resolution.rule.rule.id, source: resolution.rule.source },
    };
  }
  return { ...base, state: 'otp-send' };
}

async function knownAddress(sc: StepContext): Promise<string | undefined> {
  const loginHint = sc.details.params.login_hint;
  if (typeof loginHint === 'string' && isEmailAddress(loginHint.trim())) return loginHint.trim();
  const accountId = sc.details.session?.accountId;
  return accountId ? (await sc.services.guests.find(sc.scope, accountId))?.email : undefined;
}

export const identifyStep: Step = {
  name: 'identify',
  states: ['identify'],

  async render(sc) {
    // a relying party (or the invitation) that knows the address skips this page, and so
    // does a guest asked to sign in again (prompt=login, max_age) while their session lasts
    const hint = !sc.journey.hintDeclined && (await knownAddress(sc));
    if (hint) {
      await sc.advance(await resolveJourney(sc, normalizeEmail(hint)));
      return;
    }
    sc.page(200, identifyPage({ organization: sc.tenant.displayName, action: sc.url('identify') }));
  },

  actions: {
    async identify(sc, form) {
      const email = (form.email ?? '').trim();
      if (!isEmailAddress(email)) {
        sc.page(
          400,
          identifyPage({
            organization: sc.tenant.displayName,
            action: sc.url('identify'),
            email,
            error: 'Enter a valid email address, like name@example.com.',
          }),
        );
        return;
      }
      await sc.advance(await resolveJourney(sc, normalizeEmail(email)));
    },
  },
};
