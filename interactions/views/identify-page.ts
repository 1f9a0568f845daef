import { html } from '../../src/util/html.js';
import type { SafeHtml } from '../../src/util/html.js';
import { actionForm, message } from './forms.js';
import type { FormAction, Presentation } from './forms.js';
import { layout } from '../../src/http/layout.js';

/** Step 1: who are you? The address the invitation was sent to. */
export function identifyPage(options: {
  organization: string;
  action: FormAction;
  ui: Presentation;
  email?: string | undefined;
  error?: string | undefined;
  /** the ways in offered before any address (a passkey), from the methods */
  options?: readonly (SafeHtml | '')[];
}): string {
  const { organization, action, email, error, ui, options: others = [] } = options;
  return layout({
    title: ui.t('identify.title'),
    organization,
    ui,
    body: html`<p>${ui.t('identify.intro', { organization })}</p>
      ${actionForm(
        action,
        html`<label for="email">${ui.t('identify.email')}</label>
          ${message('error', error, 'email-error')}
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="email webauthn"
            inputmode="email"
            required
            autofocus
            value="${email ?? ''}"
            ${error ? html` aria-invalid="true" aria-describedby="email-error"` : ''}
          />
          <button type="submit">${ui.t('identify.next')}</button>`,
      )}
      ${[...others]}`,
  });
}
