import { html } from '../../../src/util/html.js';
import { actionForm, message, restartButton } from '../../views/forms.js';
import type { FormAction } from '../../views/forms.js';
import { layout } from '../../../src/http/layout.js';
import { messages } from '../../../src/http/messages.js';

const { text } = messages;

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
  notice?: string | undefined;
  error?: string | undefined;
}): string {
  const o = options;
  return layout({
    title: 'Enter code',
    organization: o.organization,
    body: html`${message('notice', o.notice)}
      <p>We sent a code to <strong>${o.email}</strong>. It is valid for ${o.ttlMinutes} minutes.</p>
      ${actionForm(
        o.verifyAction,
        html`<label for="code">Code</label>
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
          <button type="submit">Sign in</button>`,
      )}
      <section aria-labelledby="no-code">
        <h2 id="no-code">${text.noCodeTitle}</h2>
        <p>${text.noCodeWait}</p>
        <p>
          ${o.resendInSeconds ? text.noCodeResendIn(o.resendInSeconds) : text.noCodeResendNow}
          ${text.noCodeContact(o.organization)}
        </p>
      </section>
      ${actionForm(o.sendAction, html`<button class="secondary" type="submit">Send a new code</button>`)}
      ${restartButton(o.restartAction)}`,
  });
}
