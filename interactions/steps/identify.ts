import { isEmailAddress, normalizeEmail } from '../../src/directory/guest.js';
import { messages } from '../../src/http/messages.js';
import { identifyPage } from '../views/identify-page.js';
import type { Journey } from '../journey.js';
import { report } from '../report.js';
import { isBlocked } from '../resolve.js';
import type { Step, StepContext } from '../step.js';

/**
 * Resolves how an address signs in and moves the journey to that method's first state.
 * An address that is not invited resolves exactly like a pending guest.
 */
export async function resolveJourney(sc: StepContext, email: string): Promise<Journey> {
  const { services, tenant, scope } = sc;
  const guest = await services.guests.findByEmail(scope, email);
  const resolution = await services.resolve({ tenant, email, guest });
  const base = { email, guestId: guest?.id ?? null, hintDeclined: sc.journey.hintDeclined };
  const method = isBlocked(resolution) ? null : resolution.method;
  await report({ ...sc, journey: { state: 'identify', ...base } }, 'journey.resolved', {
    method,
    result: 'progress',
    reason: 'resolved',
    detail: resolution.reason,
  });
  if (isBlocked(resolution)) {
    const blocked: Journey = {
      ...base,
      state: 'blocked',
      blocked: {
        reason: resolution.blocked,
        ...(resolution.of ? { method: resolution.of } : {}),
      },
    };
    await report({ ...sc, journey: blocked }, 'sign_in.blocked', {
      method: null,
      result: 'failure',
      reason: resolution.blocked === 'method-disabled' ? 'method_disabled' : 'no_method',
    });
    return blocked;
  }
  return { ...base, method: resolution.method, ...resolution.start };
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
    sc.page(
      200,
      identifyPage({ organization: sc.tenant.displayName, action: sc.action('identify') }),
    );
  },

  actions: {
    async identify(sc, form) {
      const email = (form.email ?? '').trim();
      if (!isEmailAddress(email)) {
        sc.page(
          400,
          identifyPage({
            organization: sc.tenant.displayName,
            action: sc.action('identify'),
            email,
            error: messages.text.invalidEmail,
          }),
        );
        return;
      }
      await sc.advance(await resolveJourney(sc, normalizeEmail(email)));
    },
  },
};
