import { html } from '../../src/util/html.js';
import type { SafeHtml } from '../../src/util/html.js';
import { actionForm, message } from './forms.js';
import type { FormAction } from './forms.js';
import { layout } from '../../src/http/layout.js';

/** Step 1: who are you? The address the invitation was sent to. */
export function identifyPage(options: {
  organization: string;
  action: FormAction;
  email?: string | undefined;
  error?: string | undefined;
  /** the ways in offered before any address (a passkey), from the methods */
  options?: readonly (SafeHtml | '')[];
}): string {
  const { organization, action, email, error, options: others = [] } = options;
  return layout({
    title: 'Sign in',
    organization,
    body: html`<p>Enter the email address that ${organization} invited.</p>
      ${actionForm(
        action,
        html`<label for="email">Email address</label>
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
          <button type="submit">Next</button>`,
      )}
      ${[...others]}`,
  });
}
