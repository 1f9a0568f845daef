import { html } from '../../../src/util/html.js';
import { actionForm, message, restartButton, strong } from '../../views/forms.js';
import type { FormAction, Presentation } from '../../views/forms.js';
import { layout } from '../../../src/http/layout.js';

/** Step 2: a code will be sent to this address; the guest selects Send code. */
export function sendCodePage(options: {
  organization: string;
  email: string;
  sendAction: FormAction;
  restartAction: FormAction;
  ui: Presentation;
  error?: string | undefined;
}): string {
  const { organization, email, sendAction, restartAction, error, ui } = options;
  return layout({
    title: ui.t('sendCode.title'),
    organization,
    ui,
    body: html`${message('error', error)}
      <p>${ui.html('sendCode.intro', { email: strong(email), organization })}</p>
      ${actionForm(sendAction, html`<button type="submit" autofocus>${ui.t('sendCode.submit')}</button>`)}
      ${restartButton(restartAction, ui)}`,
  });
}
