import { idleSeconds } from './session.js';

/**
 * What the console says, in one place (the guest pages' sentences live in
 * src/http/messages.ts; these join them when that catalog is translated).
 */
export const texts = {
  csrf: 'This form has expired or did not come from this console. Go back, reload the page and try again.',
  noPage: 'There is no console page at this address.',
  errorTitle: 'Something went wrong',
  unexpected: 'An unexpected error occurred.',
  badUpload: 'The upload could not be read. Choose the CSV file again.',
  invalidCredential: 'That is not a valid admin token or tenant admin key.',
  tooManyFailures: (minutes: number) =>
    `Too many failed sign-ins from your network. Try again in ${minutes} minutes.`,
  expired: `Your session ended after ${idleSeconds / 60} minutes without activity. Sign in again.`,
  signedOut: 'You are signed out.',
  credentialGone:
    'The admin API no longer accepts the token or key this session signed in with (was the key deleted?). Sign in again.',
} as const;
