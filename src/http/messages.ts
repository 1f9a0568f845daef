import { GuestpassError } from './errors.js';

/**
 * The one catalog of what people read when something fails, so the same failure always reads
 * the same way (and, later, is translated in one place). Each entry is a GuestpassError
 * factory: a stable code, a status, a page title and the sentence a guest or admin reads.
 */
const page = (status: number, code: string, title: string, description: string) =>
  new GuestpassError(status, code, description, { title });

export const messages = {
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
  signInRequestFailed: (description: string | undefined, code: string) =>
    new GuestpassError(400, code, description ?? 'The sign-in request could not be completed.', {
      title: 'Sign-in error',
    }),
} as const;
