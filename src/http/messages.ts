import { GuestpassError } from './errors.js';
import type { LocalizedText } from './errors.js';
import type { FormAction } from './form-action.js';
import { english } from './messages/translator.js';
import type { Translator } from './messages/translator.js';

/**
 * The errors and form sentences people read, so the same failure always reads the same way.
 * The sentences themselves live in the catalogs (src/http/messages/en.ts is the source of
 * every key; de.ts, fr.ts, es.ts translate it). Each error here is a GuestpassError factory:
 * a stable code (never translated), a status, and its texts — English in `description` (what
 * programs read as error_description) and in the guest's language on pages (`localize`).
 */
const localized = (
  status: number,
  code: string,
  text: (t: Translator) => LocalizedText,
  options: { next?: FormAction; expose?: boolean } = {},
) => {
  const en = text(english);
  return new GuestpassError(status, code, en.description, {
    expose: options.expose ?? true,
    ...(en.title ? { title: en.title } : {}),
    ...(en.detail ? { detail: en.detail } : {}),
    ...(options.next ? { next: { action: options.next, label: en.nextLabel ?? '' } } : {}),
    localize: text,
  });
};

/** "45 seconds", "1 second", "3 minutes": how long to wait, in words (English). */
export const wait = (seconds: number) => english.format.wait(seconds);

/** Sentences shown beside a form (the form stays, with what went wrong), in one language. */
export const textIn = ({ t }: Translator) =>
  ({
    invalidEmail: t('form.invalidEmail'),
    codeFormat: (length: number) => t('form.codeFormat', { length }),
    codeWrong: (triesLeft: number) => t('form.codeWrong', { triesLeft }),
    codeExhausted: t('form.codeExhausted'),
    codeExpired: t('form.codeExpired'),
    codeUsed: t('form.codeUsed'),
    codeCooldown: (email: string, seconds: number) => t('form.codeCooldown', { email, seconds }),
    codeCapped: (seconds: number) => t('form.codeCapped', { seconds }),
    codeNotSent: (email: string, organization: string) =>
      t('form.codeNotSent', { email, organization }),
    sendsPerIp: (seconds: number) => t('form.sendsPerIp', { seconds }),
    verifiesPerIp: (seconds: number) => t('form.verifiesPerIp', { seconds }),
    /** the enter-code page's help when no code arrives */
    noCodeTitle: t('enterCode.noCodeTitle'),
    noCodeWait: t('enterCode.noCodeWait'),
    noCodeResendIn: (seconds: number) => t('enterCode.noCodeResendIn', { seconds }),
    noCodeResendNow: t('enterCode.noCodeResendNow'),
    noCodeContact: (organization: string) => t('enterCode.noCodeContact', { organization }),
  }) as const;

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

export const messages = {
  federationFailed: (
    reason: FederationFailure,
    organization: string,
    providerHost: string,
    restart: FormAction,
  ) =>
    localized(
      reason === 'unreachable' ? 502 : 403,
      'federation_failed',
      ({ t }) => ({
        title: t('error.federation.title'),
        description: t(`error.federation.${reason}`, { organization }),
        detail: t('error.federation.detail', { host: providerHost }),
        nextLabel: t('form.restart'),
      }),
      { next: restart },
    ),
  /** the form sentences in English (textIn gives them in the guest's language) */
  text: textIn(english),
  passcodeLocked: (seconds: number) =>
    localized(429, 'locked', ({ t }) => ({
      title: t('error.locked.title'),
      description: t('error.locked', { seconds }),
    })),
  formRejected: () =>
    localized(403, 'csrf_failed', ({ t }) => ({
      title: t('error.formRejected.title'),
      description: t('error.formRejected'),
    })),
  tooManySignIns: (seconds: number) =>
    localized(429, 'rate_limited', ({ t }) => ({
      title: t('error.tooManySignIns.title'),
      description: t('error.tooManySignIns', { seconds }),
    })),
  signInExpired: () =>
    localized(400, 'sign_in_expired', ({ t }) => ({
      title: t('error.expired.title'),
      description: t('error.signInExpired'),
    })),
  callbackExpired: () =>
    localized(400, 'sign_in_expired', ({ t }) => ({
      title: t('error.expired.title'),
      description: t('error.callbackExpired'),
    })),
  invitationInvalid: (organization: string) =>
    localized(404, 'invitation_invalid', ({ t }) => ({
      title: t('error.invitationInvalid.title'),
      description: t('error.invitationInvalid', { organization }),
    })),
  invitationExpired: () =>
    localized(400, 'sign_in_expired', ({ t }) => ({
      title: t('error.expired.title'),
      description: t('error.invitationExpired'),
    })),
  /** `description` comes from the relying party's flow (oidc-provider): it stays as given */
  invitationNotAccepted: (description: string) =>
    localized(403, 'access_denied', ({ t }) => ({
      title: t('error.invitationNotAccepted.title'),
      description,
    })),
  invitationOtherGuest: () =>
    localized(400, 'invitation_invalid', ({ t }) => ({
      title: t('error.invitationInvalid.title'),
      description: t('error.invitationOtherGuest'),
    })),
  /** an invitation no sign-in method would let the guest redeem (the admin API, per entry too) */
  noSignInMethod: (email: string, reason: string) =>
    new GuestpassError(
      409,
      'no_sign_in_method',
      `${email} could not sign in: ${reason}. Turn passcodes on or add a federation rule for its domain, or send "force": true to invite anyway.`,
    ),
  /** a protocol error of oidc-provider: its description is English (and not exposed) */
  signInRequestFailed: (description: string | undefined, code: string, status: number) =>
    localized(
      status,
      code,
      ({ t }) => ({
        title: t('error.signInRequest.title'),
        description: description ?? t('error.signInRequest'),
      }),
      { expose: status < 500 },
    ),
} as const;
