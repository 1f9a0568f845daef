import { GuestpassError } from './errors.js';
import type { FormAction } from './form-action.js';

/**
 * The one catalog of what people read when something fails, so the same failure always reads
 * the same way (and, later, is translated in one place). Each entry is a GuestpassError
 * factory: a stable code, a status, a page title and the sentence a guest or admin reads.
 */
const page = (status: number, code: string, title: string, description: string) =>
  new GuestpassError(status, code, description, { title, expose: true });

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/** "45 seconds", "1 second", "3 minutes": how long to wait, in words. */
export const wait = (seconds: number) =>
  seconds < 120 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${minutes(seconds)} minutes`;

/** Sentences shown beside a form (the form stays, with what went wrong). */
const text = {
  invalidEmail: 'Enter a valid email address, like name@example.com.',
  codeFormat: (length: number) => `Enter the ${length}-digit code from the email.`,
  codeWrong: (triesLeft: number) =>
    `That code isn't right. You have ${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left.`,
  codeExhausted: 'Too many wrong tries for this code. Send a new code.',
  codeExpired: 'This code has expired. Send a new code.',
  codeUsed: 'This code was already used to sign in. Send a new code to sign in again.',
  codeCooldown: (email: string, seconds: number) =>
    `Enter the code we sent to ${email}; you can ask for a new one in ${wait(seconds)}.`,
  codeCapped: (seconds: number) => `You asked for too many codes. Try again in ${wait(seconds)}.`,
  /** the enter-code page's help when no code arrives */
  noCodeTitle: 'No code?',
  noCodeWait: 'Mail can take a minute or two to arrive. Check your spam or junk folder too.',
  noCodeResendIn: (seconds: number) => `You can ask for a new code in ${wait(seconds)}.`,
  noCodeResendNow: 'You can ask for a new code below.',
  noCodeContact: (organization: string) =>
    `If no code arrives, check that the address is right, or contact ${organization} for help.`,
  sendsPerIp: (seconds: number) =>
    `Too many codes were requested from your network. Try again in ${wait(seconds)}.`,
  verifiesPerIp: (seconds: number) =>
    `Too many codes were tried from your network. Try again in ${wait(seconds)}.`,
} as const;

/** Why a federated sign-in failed (stable: logs, sign-in log, tests). */
export type FederationFailure =
  | 'unreachable'
  | 'denied'
  | 'invalid_response'
  | 'email_unverified'
  | 'email_mismatch'
  | 'subject_mismatch'
  | 'tenant_not_allowed'
  | 'hosted_domain_mismatch';

const federationFailures: Record<FederationFailure, (org: string) => string> = {
  unreachable: (org) =>
    `We couldn't reach your organization's sign-in service to sign you in to ${org}. Try again in a few minutes.`,
  denied: (org) =>
    `Signing in at your organization's sign-in service was cancelled or refused, so you are not signed in to ${org}.`,
  invalid_response: (org) =>
    `Your organization's sign-in service answered in a way we could not trust, so you are not signed in to ${org}.`,
  email_unverified: (org) =>
    `Your organization's sign-in service did not confirm your email address, so you can't sign in to ${org} with it.`,
  email_mismatch: (org) =>
    `The account you signed in with is not the address ${org} invited. Sign in with the invited account.`,
  subject_mismatch: (org) =>
    `The account you signed in with is not the one you accepted ${org}'s invitation with.`,
  tenant_not_allowed: (org) =>
    `The organization you signed in with is not one ${org} accepts guests from. Sign in with your organization's own account.`,
  hosted_domain_mismatch: (org) =>
    `The account you signed in with is not managed by the organization of your email address, so you can't sign in to ${org} with it.`,
};

export const messages = {
  federationFailed: (
    reason: FederationFailure,
    organization: string,
    providerHost: string,
    restart: FormAction,
  ) =>
    new GuestpassError(
      reason === 'unreachable' ? 502 : 403,
      'federation_failed',
      federationFailures[reason](organization),
      {
        expose: true,
        title: 'Sign-in did not work',
        detail: `Identity provider: ${providerHost}`,
        next: { action: restart, label: 'Use a different email' },
      },
    ),
  text,
  passcodeLocked: (seconds: number) =>
    page(
      429,
      'locked',
      'Too many attempts',
      `For your security, sign-in with a code is paused for this address. Try again in ${wait(seconds)}.`,
    ),
  formRejected: () =>
    page(
      403,
      'csrf_failed',
      'Form not accepted',
      'This form did not come from this sign-in page, or the page is too old. Go back to the application and sign in again.',
    ),
  tooManySignIns: (seconds: number) =>
    page(
      429,
      'rate_limited',
      'Too many sign-ins',
      `Too many sign-ins were started from your network. Try again in ${wait(seconds)}.`,
    ),
  signInExpired: () =>
    page(
      400,
      'sign_in_expired',
      'Sign-in expired',
      'This sign-in page has expired. Go back to the application and sign in again.',
    ),
  callbackExpired: () =>
    page(
      400,
      'sign_in_expired',
      'Sign-in expired',
      'This sign-in has expired or was already completed. Go back to the application and sign in again.',
    ),
  invitationInvalid: (organization: string) =>
    page(
      404,
      'invitation_invalid',
      'Invitation not valid',
      `This invitation link is not valid or has expired. Ask ${organization} to send you a new invitation.`,
    ),
  invitationExpired: () =>
    page(
      400,
      'sign_in_expired',
      'Sign-in expired',
      'This sign-in has expired. Open the invitation link again.',
    ),
  invitationNotAccepted: (description: string) =>
    page(403, 'access_denied', 'Invitation not accepted', description),
  invitationOtherGuest: () =>
    page(
      400,
      'invitation_invalid',
      'Invitation not valid',
      'This invitation belongs to another guest. Open it again to sign in as its guest.',
    ),
  signInRequestFailed: (description: string | undefined, code: string, status: number) =>
    new GuestpassError(status, code, description ?? 'The sign-in request could not be completed.', {
      title: 'Sign-in error',
    }),
} as const;
