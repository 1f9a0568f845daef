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
type RefusalSentence = typeof notAccepted | typeof expired;
const isRefusalSentence = (value: unknown): value is RefusalSentence =>
  value === notAccepted || value === expired;

/** request options for the browser, with a challenge for this interaction */
export const signInOptions = (sc: StepContext) =>
  requestOptions(
    sc.services.config,
    passkeysOf(sc).issueChallenge(
      sc.scope,
      { purpose: 'sign-in', subject: sc.details.uid },
      challengeSeconds,
      sc.services.config.cookieSecrets,
    ),
  );

async function show(sc: StepContext, status: number, error?: RefusalSentence) {
  sc.page(
    status,
    signInPage({
      organization: sc.tenant.displayName,
      verifyAction: sc.action('verify'),
      restartAction: sc.action('restart'),
      requestOptions: signInOptions(sc),
      ui: sc.ui,
      error: error && sc.ui.t(error),
    }),
  );
}

async function refuse(sc: StepContext, reason: string, error: RefusalSentence = notAccepted) {
  await report(sc, 'passkey.rejected', undefined, { reason });
  await show(sc, 400, error);
}

/** why a passkey's answer did not sign in: the log's reason, the guest's sentence */
interface Refusal {
  readonly reason: string;
  readonly error?: RefusalSentence;
}

/**
 * Checks a passkey's answer (posted by the page's script) and signs the guest in, or goes
 * on to the method resolution chooses for them; otherwise says why not, and nothing else.
 */
async function signInWith(sc: StepContext, posted: string | undefined): Promise<Refusal | void> {
  const { services, scope, tenant } = sc;
  if (!passkeysEnabled(tenant, services.config)) return { reason: 'disabled' };
  const response = parseResponse<AuthenticationResponseJSON>(posted);
  const challenge = response && challengeOf(response);
  if (!response || !challenge) return { reason: 'malformed' };
  // single-use: taken before anything else is checked, so it never answers twice
  const fresh = await passkeysOf(sc).takeChallenge(
    scope,
    challenge,
    { purpose: 'sign-in', subject: sc.details.uid },
    services.config.cookieSecrets,
  );
  if (!fresh) return { reason: 'challenge', error: expired };
  const found = await passkeysOf(sc).find(scope, response.id);
  if (!found) return { reason: 'unknown_credential' };
  const guest = await services.guests.find(scope, found.guestId);
  if (!mayUsePasskeys(tenant, services.config, guest)) return { reason: 'guest_not_eligible' };
  // the authenticator's user handle, when it sends one, is the guest the passkey was made for
  const handle = response.response.userHandle;
  if (handle && Buffer.from(handle, 'base64url').toString() !== guest.id)
    return { reason: 'user_handle' };
  const verified = await verifyAssertion(services.config, response, challenge, found.passkey);
  if (!verified) return { reason: 'signature' };
  const used = await passkeysOf(sc).use(scope, guest.id, found.passkey.id, verified.newCounter);
  if (used !== 'recorded') return { reason: used === 'replayed' ? 'counter' : 'removed' };
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

async function verify(sc: StepContext, form: Form) {
  const refused = await signInWith(sc, form.response);
  if (refused) await refuse(sc, refused.reason, refused.error);
}

/**
 * A passkey the browser offered in the address field's autofill (conditional mediation),
 * answered on the identify page: signed in at once, or on to the passkey page saying why not.
 */
export async function answerFromIdentify(sc: StepContext, form: Form): Promise<void> {
  const refused = await signInWith(sc, form.response);
  if (!refused) return;
  await report(sc, 'passkey.rejected', undefined, { reason: refused.reason, autofill: true });
  if (refused.reason === 'disabled') {
    await sc.advance(sc.journey);
    return;
  }
  await sc.advance({
    ...sc.journey,
    method: 'passkey',
    state: passkeyStates.signIn,
    data: { refused: refused.error ?? notAccepted },
  });
}

/** Sign in with a passkey: the browser's prompt, then the assertion is verified. */
export const passkeyStep: Step = {
  name: 'passkey',
  states: [passkeyStates.signIn],
  async render(sc) {
    // a passkey from the autofill that did not sign in says why
    const refused = sc.journey.data?.refused;
    await show(sc, 200, isRefusalSentence(refused) ? refused : undefined);
  },
  actions: { verify },
};
