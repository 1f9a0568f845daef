import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Guest } from '../../../src/directory/guest.js';
import { report } from '../../report.js';
import { completeSignIn } from '../../steps/finish-sign-in.js';
import type { Form, Step, StepContext } from '../../step.js';
import { offerPage } from './passkey-pages.js';
import { mayUsePasskeys, replaceable } from './passkey-policy.js';
import { passkeysOf } from './passkey-step.js';
import {
  challengeOf,
  challengeSeconds,
  creationOptions,
  parseResponse,
  verifyCreation,
} from './passkey-webauthn.js';

export const offerState = 'passkey:offer';

/** set by the page script when the browser has WebAuthn (passkey-script.ts): only then is the offer shown */
export const capableCookie = 'guestpass_webauthn';
/** "Not now": no offer in this browser for a while */
const laterCookie = 'guestpass_passkey_later';
const laterDays = 30;

/**
 * Whether to offer a passkey before returning to the app: a guest who just signed in (or
 * redeemed their invitation) with any method, may use passkeys and has none, in a browser
 * that can make one (the script's cookie) and did not say "Not now" lately. Never for a
 * browser without JavaScript, so its journey stays as it was.
 */
export async function offerAfterSignIn(sc: StepContext, guest: Guest) {
  const cookie = (name: string) => sc.ctx.cookies.get(name, { signed: false });
  if (cookie(capableCookie) !== '1' || cookie(laterCookie)) return undefined;
  if (!mayUsePasskeys(sc.tenant, sc.services.config, guest)) return undefined;
  if ((await passkeysOf(sc).list(sc.scope, guest.id)).length > 0) return undefined;
  return { state: offerState };
}

async function show(sc: StepContext, status: number, error?: 'passkey.notAdded') {
  const guestId = sc.journey.guestId ?? '';
  const challenge = passkeysOf(sc).issueChallenge(
    sc.scope,
    { purpose: 'register', subject: guestId },
    challengeSeconds,
    sc.services.config.cookieSecrets,
  );
  sc.page(
    status,
    offerPage({
      organization: sc.tenant.displayName,
      addAction: sc.action('add'),
      skipAction: sc.action('skip'),
      // a federated guest's passkey spares typing the address; their organization still signs them in
      replacesMail: replaceable.has(sc.journey.verified?.method ?? sc.journey.method ?? ''),
      creationOptions: creationOptions(sc.services.config, {
        challenge,
        organization: sc.tenant.displayName,
        guestId,
        email: sc.journey.email ?? '',
        existing: [],
      }),
      ui: sc.ui,
      error: error && sc.ui.t(error),
    }),
  );
}

/** the sign-in the guest already completed (the method that verified them) */
async function done(sc: StepContext) {
  const { journey } = sc;
  if (!journey.guestId || !journey.verified) {
    await sc.finish({ error: 'access_denied', error_description: 'the sign-in expired' });
    return;
  }
  await completeSignIn(sc, journey.guestId, journey.verified.method);
}

async function add(sc: StepContext, form: Form) {
  const { services, scope, journey } = sc;
  const guestId = journey.guestId ?? '';
  const response = parseResponse<RegistrationResponseJSON>(form.response);
  const challenge = response && challengeOf(response);
  const fresh =
    challenge !== undefined &&
    (await passkeysOf(sc).takeChallenge(
      scope,
      challenge,
      { purpose: 'register', subject: guestId },
      services.config.cookieSecrets,
    ));
  const created =
    fresh && response ? await verifyCreation(services.config, response, challenge) : undefined;
  const added = created && (await passkeysOf(sc).add(scope, guestId, created));
  if (added !== 'added') {
    await report(sc, 'passkey.not_added', undefined, { result: added ?? 'refused' });
    await show(sc, 400, 'passkey.notAdded');
    return;
  }
  await report(sc, 'passkey.added');
  await done(sc);
}

async function skip(sc: StepContext) {
  sc.ctx.cookies.set(laterCookie, '1', {
    signed: false,
    httpOnly: true,
    sameSite: 'lax',
    path: sc.mount.path || '/',
    maxAge: laterDays * 24 * 3600 * 1000,
    secure: sc.ctx.secure,
  });
  await done(sc);
}

/** "Sign in faster next time": add a passkey, or not now; either way back to the app. */
export const passkeyOfferStep: Step = {
  name: 'passkey-offer',
  states: [offerState],
  async render(sc) {
    await show(sc, 200);
  },
  actions: { add, skip },
};
