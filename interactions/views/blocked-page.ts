import { html } from '../../src/util/html.js';
import type { BlockedReason } from '../journey.js';
import { restartButton } from './forms.js';
import type { FormAction } from './forms.js';
import { layout } from '../../src/http/layout.js';

/**
 * No way to sign in: why, and what to do about it. Whoever types an address sees the same
 * page whether it redeemed with a method the organization has since turned off, was invited
 * but never redeemed, or was never invited — so the page does not tell a stranger who had
 * redeemed. Only a browser whose session proved it is that guest (`explain`) is told that
 * the method it used was turned off.
 */
export function blockedPage(options: {
  organization: string;
  email: string;
  reason: BlockedReason;
  /** the method the guest redeemed with, when it was turned off */
  methodLabel?: string | undefined;
  /** the guest proved who they are (their session): the real reason may be shown */
  explain: boolean;
  restartAction: FormAction;
}): string {
  const { organization, email, restartAction } = options;
  const turnedOff = options.explain && options.reason === 'method-disabled';
  const text = turnedOff
    ? html`<p class="error" role="alert">
          ${organization} has turned off sign-in with a ${options.methodLabel ?? 'method'}, the
          method your guest account uses.
        </p>
        <p>Ask ${organization} to invite <strong>${email}</strong> again.</p>`
    : html`<p class="error" role="alert">
          ${organization} has no sign-in method for <strong>${email}</strong>.
        </p>
        <p>
          Ask the person at ${organization} who invited you for help. If you signed in before,
          they may need to invite you again.
        </p>`;
  return layout({
    title: turnedOff ? 'Sign-in method turned off' : 'No sign-in method',
    organization,
    body: html`${text}${restartButton(restartAction)}`,
  });
}
