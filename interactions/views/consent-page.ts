import { html } from '../../src/util/html.js';
import type { SentenceKey } from '../../src/http/messages/catalog.js';
import { actionForm, strong } from './forms.js';
import type { FormAction, Presentation } from './forms.js';
import { layout } from '../../src/http/layout.js';

const described: Record<string, SentenceKey> = {
  openid: 'consent.openid',
  email: 'consent.email',
  profile: 'consent.profile',
  offline_access: 'consent.offline_access',
};

/** The guest lets an application of the tenant use their identity. */
export function consentPage(options: {
  organization: string;
  clientName: string;
  scopes: string[];
  action: FormAction;
  ui: Presentation;
}): string {
  const { organization, clientName, scopes, action, ui } = options;
  return layout({
    title: ui.t('consent.title'),
    organization,
    ui,
    body: html`<p>${ui.html('consent.wouldLike', { client: strong(clientName) })}</p>
      <ul>
        ${scopes.map((s) => {
          const key = described[s];
          return html`<li>${key ? ui.t(key) : s}</li>`;
        })}
      </ul>
      ${actionForm(
        action,
        html`<button type="submit" name="decision" value="allow" autofocus>
            ${ui.t('consent.allow')}
          </button>
          <button class="secondary" type="submit" name="decision" value="deny">
            ${ui.t('consent.deny')}
          </button>`,
      )}`,
  });
}
