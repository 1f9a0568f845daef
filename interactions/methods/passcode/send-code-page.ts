import { html } from '../../../src/util/html.js';
import { actionForm, message, restartButton } from '../../views/forms.js';
import type { FormAction } from '../../views/forms.js';
import { layout } from '../../../src/http/layout.js';

/** Step 2: a code will be sent to this address; the guest selects Send code. */
export function sendCodePage(options: {
  organization: string;
  email: string;
  sendAction: FormAction;
  restartAction: FormAction;
  error?: string | undefined;
}): string {
  const { organization, email, sendAction, restartAction, error } = options;
  return layout({
    title: 'Verify your email',
    organization,
    body: html`${message('error', error)}
      <p>
        We'll send a one-time code to <strong>${email}</strong> so you can sign in to
        ${organization}.
      </p>
      ${actionForm(sendAction, html`<button type="submit" autofocus>Send code</button>`)}
      ${restartButton(restartAction)}`,
  });
}
