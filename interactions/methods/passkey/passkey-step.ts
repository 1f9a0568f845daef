import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { Passkeys } from '../../../src/directory/passkeys.js';
import { report } from '../../report.js';
import { isBlocked } from '../../resolve.js';
import { finishSignIn } from '../../steps/finish-sign-in.js';
import type { Form, Step, StepContext } from '../../step.js';
import { signInPage } from './passkey-pages.js';
import { mayUsePasskeys, passkeysEnabled, replaceable } from './passkey-policy.js';
import {
  challengeOf,
  challengeSeconds,
  parseResponse,
  requestOptions,
  verifyAssertion,
} from './passkey-webauthn.js';

export const passkeyStates = { signIn: 'passkey:sign-in' } as const;

export const passkeysOf = (sc: { services: StepContext['services'] }) =>
  new Passkeys(sc.services.store, sc.services.keys, sc.services.clock);

/** one message for every passkey that does not sign in: it never says whose it is, or whether it exists */
const notAccepted = 'passkey.notAccepted';
const expired = 'passkey.expired';

async function show(sc: StepContext, status: number, error?: typeof notAccepted | typeof expired) {
  const challenge = await passkeysOf(sc).issueChallenge(
    sc.scope,
    { purpose: 'sign-in', subject: sc.details.uid },
    challengeSeconds,
  );
  sc.page(
    status,
    signInPage({
      organization: sc.tenant.displayName,
      verifyAction: sc.action('verify'),
      restartAction: sc.action('restart'),
      requestOptions: requestOptions(sc.services.config, challenge),
      ui: sc.ui,
      error: error && sc.ui.t(error),
    }),
  );
}

async function refuse(
  sc: StepContext,
  reason: string,
  error: typeof notAccepted | typeof expired = notAccepted,
) {
  await report(sc, 'passkey.rejected', undefined, { reason });
  await show(sc, 400, error);
}

async function verify(sc: StepContext, form: Form) {
  const { services, scope, tenant } = sc;
  if (!passkeysEnabled(tenant)) return refuse(sc, 'disabled');
  const response = parseResponse<AuthenticationResponseJSON>(form.response);
  const challenge = response && challengeOf(response);
  if (!response || !challenge) return refuse(sc, 'malformed');
  // single-use: taken before anything else is checked, so it never answers twice
  const fresh = await passkeysOf(sc).takeChallenge(scope, challenge, {
    purpose: 'sign-in',
    subject: sc.details.uid,
  });
  if (!fresh) return refuse(sc, 'challenge', expired);
  const found = await passkeysOf(sc).find(scope, response.id);
  if (!found) return refuse(sc, 'unknown_credential');
  const guest = await services.guests.find(scope, found.guestId);
  if (!mayUsePasskeys(tenant, guest)) return refuse(sc, 'guest_not_eligible');
  // the authenticator's user handle, when it sends one, is the guest the passkey was made for
  const handle = response.response.userHandle;
  if (handle && Buffer.from(handle, 'base64url').toString() !== guest.id)
    return refuse(sc, 'user_handle');
  const verified = await verifyAssertion(services.config, response, challenge, found.passkey);
  if (!verified) return refuse(sc, 'signature');
  const used = await passkeysOf(sc).use(scope, guest.id, found.passkey.id, verified.newCounter);
  if (used !== 'recorded') return refuse(sc, used === 'replayed' ? 'counter' : 'removed');
  // resolution still has its say: a federated guest goes to their organization, a blocked one is blocked
  const resolution = await services.resolve({ tenant, email: guest.email, guest });
  const journey = { ...sc.journey, email: guest.email, guestId: guest.id };
  if (isBlocked(resolution) || !replaceable.has(resolution.method)) {
    await report({ ...sc, journey }, 'passkey.not_replacing', undefined, {
      resolved: resolution.method,
    });
    await sc.advance(
      isBlocked(resolution)
        ? { ...journey, state: 'blocked', blocked: { reason: resolution.blocked } }
        : { ...journey, method: resolution.method, ...resolution.start },
    );
    return;
  }
  const signedIn = { ...journey, method: 'passkey', state: passkeyStates.signIn };
  await report({ ...sc, journey: signedIn }, 'passkey.accepted', undefined, {
    userVerified: verified.userVerified,
  });
  await finishSignIn({ ...sc, journey: signedIn });
}

/** Sign in with a passkey: the browser's prompt, then the assertion is verified. */
export const passkeyStep: Step = {
  name: 'passkey',
  states: [passkeyStates.signIn],
  async render(sc) {
    await show(sc, 200);
  },
  actions: { verify },
};
