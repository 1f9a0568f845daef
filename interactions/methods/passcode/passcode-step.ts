import { messages, textIn } from '../../../src/http/messages.js';
import { report } from '../../report.js';
import { finishSignIn } from '../../steps/finish-sign-in.js';
import type { SignInReason } from '../../../src/directory/sign-in-log.js';
import type { VerifyResult } from '../../../src/otp/passcodes.js';
import type { Form, Step, StepContext } from '../../step.js';
import { enterCodePage } from './enter-code-page.js';
import { passcodeMail } from './passcode-mail.js';
import { sendCodePage } from './send-code-page.js';

/** the form sentences in the guest's language */
const text = (sc: StepContext) => textIn(sc.ui);
const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

export const passcodeStates = { send: 'otp:send', verify: 'otp:verify' } as const;

/** what the passcode keeps in the journey: when the guest may ask for a new code (ms) */
interface PasscodeData {
  readonly resendAt?: number;
  /** the last Send code was refused by the cool-down: the page says to enter the earlier code */
  readonly cooledDown?: boolean;
}

const passcodeData = (sc: StepContext) => (sc.journey.data ?? {}) as PasscodeData;

/** Shows the page of the current passcode state, with an error or a notice. */
function show(sc: StepContext, status: number, messages: { error?: string; notice?: string } = {}) {
  const { config } = sc.services;
  const common = {
    organization: sc.tenant.displayName,
    email: sc.journey.email ?? '',
    sendAction: sc.action('send'),
    restartAction: sc.action('restart'),
    ui: sc.ui,
  };
  if (sc.journey.state === passcodeStates.send) {
    sc.page(status, sendCodePage({ ...common, error: messages.error }));
    return;
  }
  const data = passcodeData(sc);
  const wait = Math.ceil(((data.resendAt ?? 0) - sc.services.clock.now()) / 1000);
  const cooledDown =
    data.cooledDown && wait > 0 ? text(sc).codeCooldown(common.email, wait) : undefined;
  sc.page(
    status,
    enterCodePage({
      ...common,
      codeLength: config.otp.length,
      ttlMinutes: minutes(config.otp.ttlSeconds),
      resendInSeconds: wait > 0 ? wait : undefined,
      verifyAction: sc.action('verify'),
      error: messages.error,
      notice: messages.notice ?? cooledDown,
    }),
  );
}

/**
 * Queues the code's mail for the courier (src/mail/courier/), or — for an address that is
 * not invited — a decoy entry the courier drops: the same work either way, and neither waits
 * for the mail service, so the answer is the same whether or not mail is going out. The
 * entry goes to the store with the request's other writes (one pipeline: src/store/held-writes.ts).
 */
function queueMail(sc: StepContext, code: string): void {
  const { services, tenant, journey } = sc;
  const email = journey.email ?? '';
  const { ttlSeconds } = services.config.otp;
  const content = passcodeMail({
    organization: tenant.displayName,
    code,
    ttlMinutes: minutes(ttlSeconds),
    email,
    // the language the guest is reading the journey in
    language: sc.ui.lang,
    brand: tenant.branding,
  });
  if (journey.guestId == null) {
    sc.held.add(() => services.courier.enqueue(undefined));
    return;
  }
  const mail = {
    ...content,
    to: email,
    kind: 'passcode' as const,
    tenant: tenant.id,
    scope: sc.scope,
    guest: journey.guestId,
    client: String(sc.details.params.client_id ?? ''),
    expiresAt: services.clock.now() + ttlSeconds * 1000,
  };
  sc.held.add(() => services.courier.enqueue(mail));
}

/** A per-IP limit: false (and a 429 page saying how long to wait) when it is reached. */
async function withinLimit(
  sc: StepContext,
  step: 'send' | 'verify',
  limit: number,
  message: (seconds: number) => string,
): Promise<boolean> {
  const { windowSeconds } = sc.services.config.rateLimits;
  const limited = await sc.services.rateLimiter.hit(`otp-${step}`, sc.ctx.ip, limit, windowSeconds);
  if (!limited) return true;
  await report(
    sc,
    'otp.rate_limited',
    { method: 'otp', result: 'failure', reason: 'rate_limited' },
    { step },
  );
  show(sc, 429, { error: message(limited) });
  return false;
}

async function locked(sc: StepContext, step: 'send' | 'verify', seconds: number): Promise<never> {
  await report(sc, 'otp.locked', { method: 'otp', result: 'failure', reason: 'locked' }, { step });
  throw messages.passcodeLocked(seconds);
}

async function send(sc: StepContext) {
  const { services, scope, journey } = sc;
  if (!(await withinLimit(sc, 'send', services.config.rateLimits.sendsPerIp, text(sc).sendsPerIp)))
    return;
  const issued = await services.passcodes.issue(
    scope,
    journey.email ?? '',
    journey.guestId != null,
  );
  const now = services.clock.now();
  switch (issued.status) {
    case 'locked':
      return locked(sc, 'send', issued.retryAfterSeconds);
    case 'cooldown':
      // a code went out moments ago (from this page or another): enter that one
      await report(sc, 'otp.cooldown', undefined, { retryAfterSeconds: issued.retryAfterSeconds });
      await sc.advance({
        ...journey,
        state: passcodeStates.verify,
        data: {
          resendAt: now + issued.retryAfterSeconds * 1000,
          cooledDown: true,
        } satisfies PasscodeData,
      });
      return;
    case 'capped':
      await report(sc, 'otp.send_capped', {
        method: 'otp',
        result: 'failure',
        reason: 'rate_limited',
      });
      show(sc, 429, { error: text(sc).codeCapped(issued.retryAfterSeconds) });
      return;
    case 'issued':
      break;
  }
  queueMail(sc, issued.code);
  await report(sc, journey.guestId == null ? 'otp.suppressed' : 'otp.queued', {
    method: 'otp',
    result: 'progress',
    reason: 'code_sent',
  });
  await sc.advance({
    ...journey,
    state: passcodeStates.verify,
    data: {
      resendAt: now + services.config.otp.resendCooldownSeconds * 1000,
    } satisfies PasscodeData,
  });
}

async function verify(sc: StepContext, form: Form) {
  const { services, scope, journey } = sc;
  const { rateLimits, otp } = services.config;
  const code = (form.code ?? '').replace(/[\s-]/g, '');
  if (!new RegExp(`^\\d{${otp.length}}$`).test(code)) {
    show(sc, 400, { error: text(sc).codeFormat(otp.length) });
    return;
  }
  if (!(await withinLimit(sc, 'verify', rateLimits.verifiesPerIp, text(sc).verifiesPerIp))) return;
  // the guest is read alongside the check (one round trip): a right code looks it up next
  const result = await services.store.together(async () => {
    if (journey.guestId) services.guests.readEarly(scope, journey.guestId);
    return services.passcodes.verify(scope, journey.email ?? '', code);
  });
  if (result.status === 'accepted') {
    await report(sc, 'otp.accepted');
    await finishSignIn(sc);
    return;
  }
  if (result.status === 'locked') return locked(sc, 'verify', result.retryAfterSeconds);
  const rejected = rejection(result, text(sc));
  await report(
    sc,
    'otp.rejected',
    { method: 'otp', result: 'failure', reason: rejected.reason },
    rejected.detail,
  );
  show(sc, 400, { error: rejected.error });
}

/** A code refused: the sign-in log's reason, the audit line's fields, the page's message. */
function rejection(
  result: Exclude<VerifyResult, { status: 'accepted' | 'locked' }>,
  t: ReturnType<typeof text>,
): { reason: SignInReason; detail: Record<string, unknown>; error: string } {
  switch (result.status) {
    case 'wrong':
      return {
        reason: 'wrong_code',
        detail: { reason: 'wrong', triesLeft: result.triesLeft },
        error: t.codeWrong(result.triesLeft),
      };
    case 'exhausted':
      return {
        reason: 'too_many_tries',
        detail: { reason: 'too_many_tries' },
        error: t.codeExhausted,
      };
    case 'expired':
      return { reason: 'expired', detail: { reason: 'expired' }, error: t.codeExpired };
    case 'used':
      return { reason: 'code_used', detail: { reason: 'used' }, error: t.codeUsed };
  }
}

/** Email one-time passcode: Send code, then enter it. */
export const passcodeStep: Step = {
  name: 'passcode',
  states: [passcodeStates.send, passcodeStates.verify],
  async render(sc) {
    show(sc, 200);
  },
  actions: { send, verify },
};
