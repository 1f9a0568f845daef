import { html } from '../../src/util/html.js';
import { actionForm, strong } from './forms.js';
import type { FormAction, Presentation } from './forms.js';
import { layout } from '../../src/http/layout.js';

/** First sign-in to a tenant: the guest accepts the invitation (Entra's "Review permissions"). */
export function acceptPage(options: {
  organization: string;
  email: string;
  action: FormAction;
  ui: Presentation;
}): string {
  const { organization, email, action, ui } = options;
  return layout({
    title: ui.t('accept.title'),
    organization,
    ui,
    body: html`<p>${ui.html('accept.invited', { organization, email: strong(email) })}</p>
      <p>${ui.t('accept.ifYouAccept', { organization })}</p>
      <ul>
        <li>${ui.t('accept.signIn')}</li>
        <li>${ui.t('accept.read')}</li>
      </ul>
      ${actionForm(
        action,
        html`<button type="submit" name="decision" value="accept" autofocus>
            ${ui.t('accept.accept')}
          </button>
          <button class="secondary" type="submit" name="decision" value="cancel">
            ${ui.t('accept.cancel')}
          </button>`,
      )}`,
  });
}
