import { html } from '../../src/util/html.js';
import { actionForm } from './forms.js';
import type { FormAction } from './forms.js';
import { layout } from '../../src/http/layout.js';

/** First sign-in to a tenant: the guest accepts the invitation (Entra's "Review permissions"). */
export function acceptPage(options: {
  organization: string;
  email: string;
  action: FormAction;
}): string {
  const { organization, email, action } = options;
  return layout({
    title: 'Accept invitation',
    organization,
    body: html`<p>${organization} invited <strong>${email}</strong> as a guest.</p>
      <p>If you accept, ${organization} can:</p>
      <ul>
        <li>sign you in to its applications</li>
        <li>read your name and email address</li>
      </ul>
      ${actionForm(
        action,
        html`<button type="submit" name="decision" value="accept" autofocus>Accept</button>
          <button class="secondary" type="submit" name="decision" value="cancel">Cancel</button>`,
      )}`,
  });
}
