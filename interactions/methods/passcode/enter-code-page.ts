import { html } from '../../../src/util/html.js';
import { actionForm, message, restartButton, strong } from '../../views/forms.js';
import type { FormAction, Presentation } from '../../views/forms.js';
import { layout } from '../../../src/http/layout.js';
import { textIn } from '../../../src/http/messages.js';

/** Step 3: the guest types the code from the mail. */
export function enterCodePage(options: {
  organization: string;
  email: string;
  codeLength: number;
  ttlMinutes: number;
  /** seconds until a new code may be asked for; undefined when it may be now */
  resendInSeconds?: number | undefined;
  verifyAction: FormAction;
  sendAction: FormAction;
  restartAction: FormAction;
  ui: Presentation;
  notice?: string | undefined;
  error?: string | undefined;
}): string {
  const o = options;
  const { ui } = o;
  const text = textIn(ui);
  return layout({
    title: ui.t('enterCode.title'),
    organization: o.organization,
    ui,
    body: html`${message('notice', o.notice)}
      <p>${ui.html('enterCode.sent', { email: strong(o.email), ttlMinutes: o.ttlMinutes })}</p>
      ${actionForm(
        o.verifyAction,
        html`<label for="code">${ui.t('enterCode.label')}</label>
          ${message('error', o.error, 'code-error')}
          <input
            id="code"
            name="code"
            type="text"
            inputmode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9]*"
            maxlength="${o.codeLength + 4}"
            required
            autofocus${o.error ? html` aria-invalid="true" aria-describedby="code-error"` : ''}
          />
          <button type="submit">${ui.t('enterCode.submit')}</button>`,
      )}
      <section aria-labelledby="no-code">
        <h2 id="no-code">${text.noCodeTitle}</h2>
        <p>${text.noCodeWait}</p>
        <p>
          ${o.resendInSeconds ? text.noCodeResendIn(o.resendInSeconds) : text.noCodeResendNow}
          ${text.noCodeContact(o.organization)}
        </p>
      </section>
      ${actionForm(o.sendAction, html`<button class="secondary" type="submit">${ui.t('enterCode.resend')}</button>`)}
      ${restartButton(o.restartAction, ui)}`,
  });
}
