import { html } from '../../src/util/html.js';
import type { BlockedReason } from '../journey.js';
import { restartButton } from './forms.js';
import type { FormAction } from './forms.js';
import { layout } from '../../src/http/layout.js';

/** No way to sign in: why, and what to do about it. */
export function blockedPage(options: {
  organization: string;
  email: string;
  reason: BlockedReason;
  /** the method the guest redeemed with, when it was turned off */
  methodLabel?: string | undefined;
  restartAction: FormAction;
}): string {
  const { organization, email, reason, restartAction } = options;
  const turnedOff = reason === 'method-disabled';
  const text = turnedOff
    ? html`<p class="error" role="alert">
          ${organization} has turned off sign-in with a ${options.methodLabel ?? 'method'}, the
          method your guest account uses.
        </p>
        <p>Ask ${organization} to invite <strong>${email}</strong> again.</p>`
    : html`<p class="error" role="alert">
          ${organization} has no sign-in method for <strong>${email}</strong>.
        </p>
        <p>Ask the person at ${organization} who invited you for help.</p>`;
  return layout({
    title: turnedOff ? 'Sign-in method turned off' : 'No sign-in method',
    organization,
    body: html`${text}${restartButton(restartAction)}`,
  });
}
