import { html } from '../../src/util/html.js';
import type { SentenceKey } from '../../src/http/messages/catalog.js';
import type { BlockedReason } from '../journey.js';
import { restartButton, strong } from './forms.js';
import type { FormAction, Presentation } from './forms.js';
import { layout } from '../../src/http/layout.js';

/** how the page names a method in the guest's language (its own label for others) */
const methodNames: Record<string, SentenceKey> = {
  otp: 'method.otp',
  federation: 'method.federation',
  saml: 'method.saml',
  passkey: 'method.passkey',
};

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
  method?: { id: string; label: string } | undefined;
  /** the guest proved who they are (their session): the real reason may be shown */
  explain: boolean;
  restartAction: FormAction;
  ui: Presentation;
}): string {
  const { organization, email, restartAction, ui } = options;
  const turnedOff = options.explain && options.reason === 'method-disabled';
  const known = options.method && methodNames[options.method.id];
  const method = known ? ui.t(known) : (options.method?.label ?? ui.t('method.other'));
  const text = turnedOff
    ? html`<p class="error" role="alert">${ui.t('blocked.turnedOff', { organization, method })}</p>
        <p>${ui.html('blocked.inviteAgain', { organization, email: strong(email) })}</p>`
    : html`<p class="error" role="alert">
          ${ui.html('blocked.noMethod', { organization, email: strong(email) })}
        </p>
        <p>${ui.t('blocked.askHelp', { organization })}</p>`;
  return layout({
    title: ui.t(turnedOff ? 'blocked.turnedOffTitle' : 'blocked.noMethodTitle'),
    organization,
    ui,
    body: html`${text}${restartButton(restartAction, ui)}`,
  });
}
