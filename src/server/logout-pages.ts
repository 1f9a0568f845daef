import { html, SafeHtml } from '../util/html.js';
import { layout } from '../http/layout.js';
import type { Presentation } from '../http/presentation.js';

/** The sign-out confirmation; `form` is oidc-provider's hidden form (id op.logoutForm). */
export function logoutPage(form: string, organization: string, ui: Presentation): string {
  return layout({
    title: ui.t('logout.title'),
    organization,
    ui,
    body: html`${new SafeHtml(form)}
      <p>${ui.t('logout.question', { organization })}</p>
      <button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">
        ${ui.t('logout.yes')}
      </button>
      <button class="secondary" type="submit" form="op.logoutForm">${ui.t('logout.no')}</button>`,
  });
}

export function signedOutPage(organization: string, ui: Presentation): string {
  return layout({
    title: ui.t('signedOut.title'),
    organization,
    ui,
    body: html`<p role="status">${ui.t('signedOut.text')}</p>`,
  });
}
