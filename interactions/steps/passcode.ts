import { passcodeMail } from '../mail/passcode-mail.js';
import { MailDeliveryError } from '../../src/mail/mailer.js';
import { enterCodePage } from '../views/enter-code-page.js';
import { errorPage } from '../../src/http/error-page.js';
import { sendCodePage } from '../views/send-code-page.js';
import { report } from '../report.js';
import { finishSignIn } from './finish-sign-in.js';
import type { Form, Step, StepContext } from '../step.js';

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));
const wait = (seconds: number) =>
  seconds < 120 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${minutes(seconds)} minutes`;

/** Shows the page of the current passcode state, with an error or a notice. */
function show(sc: StepContext, status: number, messages: { error?: string; notice?: string } = {}) {
  const { config } = sc.services;
  const common = {
    organization: sc.tenant.displayName,
    email: sc.journey.email ?? '',
    sendAction: sc.url('send'),
    restartAction: sc.url('restart'),
  };
  if (sc.journey.state === 'otp-send') {
    sc.page(status, sendCodePage({ ...common, error: messages.error }));
    return;
  }
  sc.page(
    status,
    enterCodePage({
      ...common,
      codeLength: config.otp.length,
      ttlMinutes: minutes(config.otp.ttlSeconds),
      verifyAction: sc.url('verify'),
      error: messages.error,
      notice: messages.notice,
    }),
  );
}

function lockedPage(sc: StepContext, seconds: number) {
  sc.page(
    429,
    errorPage({
      title: 'Too many attempts',
      organization: sc.tenant.displayName,
      message: `For your security, sign-in with a code is paused for this address. Try again in ${wait(seconds)}.`,
    }),
  );
}

/** Sends a code by mail, or (not invited) waits as long as a send takes and sends nothing. */
async function deliver(sc: StepContext, code: string): Promise<boolean> {
  const { services, tenant, journey } = sc;
  const email = journey.email ?? '';
  if (journey.guestId == null) {
    await services.deliveryTiming.imitate();
    return !services.deliveryTiming.failing;
  }
  const started = performance.now();
  try {
    await services.mailer.send({
      ...passcodeMail({
        organization: tenant.displayName,
        code,
        ttlMinutes: minutes(services.config.otp.ttlSeconds),
        email,
      }),
      to: email,
      kind: 'passcode',
      tenant: tenant.id,
    });
    services.deliveryTiming.recordSuccess(performance.now() - started);
    return true;
  } catch (error) {
    if (!(error instanceof MailDeliveryError)) throw error;
    if (error.permanent) services.deliveryTiming.recordPermanentFailure();
    return false;
  }
}

/** A per-IP limit: false (and a 429 page saying how long to wait) when it is reached. */
async function withinLimit(
  sc: StepContext,
  step: 'send' | 'verify',
  limit: number,
  message: string,
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
  show(sc, 429, { error: `${message} Try again in ${wait(limited)}.` });
  return false;
}

async function send(sc: StepContext) {
  const { services, scope, journey } = sc;
  const { rateLimits } = services.config;
  if (
    !(await withinLimit(
      sc,
      'send',
      rateLimits.sendsPerIp,
      'Too many codes were requested from your network.',
    ))
  )
    return;
  const issued = await services.passcodes.issue(
    scope,
    journey.email ?? '',
    journey.guestId != null,
  );
  switch (issued.status) {
    case 'locked':
      await report(
        sc,
        'otp.locked',
        { method: 'otp', result: 'failure', reason: 'locked' },
        { step: 'send' },
      );
      lockedPage(sc, issued.retryAfterSeconds);
      return;
    case 'cooldown':
      show(sc, 429, {
        error: `A code was just sent. Wait ${wait(issued.retryAfterSeconds)} before asking for another one.`,
      });
      return;
    case 'capped':
      await report(sc, 'otp.send_capped', {
        method: 'otp',
        result: 'failure',
        reason: 'rate_limited',
      });
      show(sc, 429, {
        error: `You asked for too many codes. Try again in ${wait(issued.retryAfterSeconds)}.`,
      });
      return;
    case 'issued':
      break;
  }
  if (!(await deliver(sc, issued.code))) {
    await report(sc, 'otp.not_sent', { method: 'otp', result: 'failure', reason: 'not_sent' });
    show(sc, 502, {
      error: `We couldn't send a code to ${journey.email}. Try again in a few minutes, or ask ${sc.tenant.displayName} for help.`,
    });
    return;
  }
  await report(sc, journey.guestId == null ? 'otp.suppressed' : 'otp.sent', {
    method: 'otp',
    result: 'progress',
    reason: 'code_sent',
  });
  await sc.advance({ ...journey, state: 'otp-verify' });
}

async function verify(sc: StepContext, form: Form) {
  const { services, scope, journey } = sc;
  const { rateLimits, otp } = services.config;
  const code = (form.code ?? '').replace(/[\s-]/g, '');
  if (!new RegExp(`^\\d{${otp.length}}$`).test(code)) {
    show(sc, 400, { error: `Enter the ${otp.length}-digit code from the email.` });
    return;
  }
  if (
    !(await withinLimit(
      sc,
      'verify',
      rateLimits.verifiesPerIp,
      'Too many codes were tried from your network.',
    ))
  )
    return;
  const result = await services.passcodes.verify(scope, journey.email ?? '', code);
  switch (result.status) {
    case 'accepted':
      await report(sc, 'otp.accepted');
      await finishSignIn(sc, 'otp');
      return;
    case 'wrong':
      await report(
        sc,
        'otp.rejected',
        { method: 'otp', result: 'failure', reason: 'wrong_code' },
        { reason: 'wrong', triesLeft: result.triesLeft },
      );
      show(sc, 400, {
        error: `That code isn't right. You have ${result.triesLeft} ${result.triesLeft === 1 ? 'try' : 'tries'} left.`,
      });
      return;
    case 'exhausted':
      await report(
        sc,
        'otp.rejected',
        { method: 'otp', result: 'failure', reason: 'too_many_tries' },
        { reason: 'too_many_tries' },
      );
      show(sc, 400, { error: 'Too many wrong tries for this code. Send a new code.' });
      return;
    case 'expired':
      await report(
        sc,
        'otp.rejected',
        { method: 'otp', result: 'failure', reason: 'expired' },
        { reason: 'expired_or_used' },
      );
      show(sc, 400, { error: 'This code has expired or was already used. Send a new code.' });
      return;
    case 'locked':
      await report(
        sc,
        'otp.locked',
        { method: 'otp', result: 'failure', reason: 'locked' },
        { step: 'verify' },
      );
      lockedPage(sc, result.retryAfterSeconds);
      return;
  }
}

/** Email one-time passcode: Send code, then enter it. */
export const passcodeStep: Step = {
  name: 'passcode',
  states: ['otp-send', 'otp-verify'],
  async render(sc) {
    show(sc, 200);
  },
  actions: { send, verify },
};
