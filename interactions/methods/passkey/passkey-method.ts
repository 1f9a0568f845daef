import type { SignInMethod } from '../method.js';
import { identifyOffer } from './passkey-pages.js';
import { passkeysEnabled } from './passkey-policy.js';
import { passkeyRoutes } from './passkey-routes.js';
import { answerFromIdentify, passkeyStates, passkeyStep, signInOptions } from './passkey-step.js';
import { offerAfterSignIn, passkeyOfferStep } from './passkey-offer-step.js';

/**
 * Passkeys (WebAuthn, id `passkey`): a faster way in for a guest who signed in with the
 * passcode and added one on `{mount}/passkeys`. Never taken by resolution (no guest redeems
 * with it, so `offer` and `resume` never choose it): the guest chooses it on the identify
 * page, before typing an address, so nothing there says who has a passkey. amr (RFC 8176):
 * `hwk` (a key held by an authenticator), `user` (user presence) and `mfa` — user
 * verification (PIN, fingerprint or face; WebAuthn does not say which, so neither `pin` nor
 * `fpt` is claimed) is required, making it two factors. idp: `passkey`.
 */
export const passkeyMethod = {
  id: 'passkey',
  label: 'passkey',
  amr: ['hwk', 'user', 'mfa'],
  idp: () => 'passkey',
  steps: [passkeyStep, passkeyOfferStep],
  afterSignIn: offerAfterSignIn,
  routes: passkeyRoutes,
  identify: {
    // the button, and a request pending for the address field's autofill (conditional UI)
    render: (sc) =>
      passkeysEnabled(sc.tenant, sc.services.config)
        ? identifyOffer(sc.action('method'), signInOptions(sc), sc.ui)
        : '',
    start: async (sc) => ({
      state: passkeysEnabled(sc.tenant, sc.services.config) ? passkeyStates.signIn : 'identify',
      method: 'passkey',
      ...(sc.journey.hintDeclined ? { hintDeclined: true } : {}),
    }),
    answer: answerFromIdentify,
  },
  async resume() {
    return {
      method: 'blocked',
      blocked: 'no-method',
      reason: 'passkeys are a choice of a guest who redeemed with another method',
    };
  },
  async offer() {
    return undefined;
  },
  allows: () => false,
} as const satisfies SignInMethod;
