import { decodeJwt } from 'jose';
import { canonicalEmail } from '../../src/directory/guest.js';
import { textIn } from '../../src/http/messages.js';
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

/**
 * The address this sign-in is for, when something already says it: the relying party's
 * login_hint; else the guest its id_token_hint names (oidc-provider checked its signature
 * at /auth); else, with neither, the guest of the session (prompt=login, max_age). A hint
 * always wins over the session, so a session of guest X never silently answers a request
 * for Y (the login policy sends such a request here: src/plugin/journey-configuration.ts).
 */
async function knownAddress(sc: StepContext): Promise<string | undefined> {
  const { login_hint: loginHint, id_token_hint: idTokenHint } = sc.details.params;
  const hinted = typeof loginHint === 'string' ? canonicalEmail(loginHint) : undefined;
  if (hinted) return hinted;
  const subject =
    typeof idTokenHint === 'string' ? subjectOf(idTokenHint) : sc.details.session?.accountId;
  if (!subject) return undefined;
  const guest = await sc.services.guests.find(sc.scope, subject);
  return guest && canonicalEmail(guest.email);
}

function subjectOf(idToken: string): string | undefined {
  try {
    const { sub } = decodeJwt(idToken);
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}

/** what the methods offer on the identify page before any address (a passkey) */
const identifyOptions = (sc: StepContext) =>
  sc.services.methods.all.map((method) => method.identify?.render(sc) ?? '');

export const identifyStep: Step = {
  name: 'identify',
  states: ['identify'],

  async render(sc) {
    // a relying party (or the invitation) that knows the address skips this page, and so
    // does a guest asked to sign in again (prompt=login, max_age) while their session lasts
    const hint = !sc.journey.hintDeclined && (await knownAddress(sc));
    if (hint) {
      await sc.advance(await resolveJourney(sc, hint));
      return;
    }
    sc.page(
      200,
      identifyPage({
        organization: sc.tenant.displayName,
        action: sc.action('identify'),
        ui: sc.ui,
        options: identifyOptions(sc),
      }),
    );
  },

  actions: {
    async identify(sc, form) {
      const typed = form.email ?? '';
      const email = canonicalEmail(typed);
      if (!email) {
        sc.page(
          400,
          identifyPage({
            organization: sc.tenant.displayName,
            action: sc.action('identify'),
            email: typed.trim(),
            ui: sc.ui,
            error: textIn(sc.ui).invalidEmail,
            options: identifyOptions(sc),
          }),
        );
        return;
      }
      await sc.advance(await resolveJourney(sc, email));
    },

    /**
     * a way in chosen before any address (a passkey): the method says where it starts, or
     * takes the answer the browser already gave (the autofill's passkey)
     */
    async method(sc, form) {
      const chosen = sc.services.methods.get(form.method)?.identify;
      if (!chosen) {
        await sc.advance(sc.journey);
        return;
      }
      if (form.response && chosen.answer) {
        await chosen.answer(sc, form);
        return;
      }
      await sc.advance(await chosen.start(sc));
    },
  },
};
