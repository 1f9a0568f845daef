import { layout } from '../../../src/http/layout.js';
import type { Passkey } from '../../../src/directory/passkeys.js';
import { html, SafeHtml } from '../../../src/util/html.js';
import { english } from '../../../src/http/messages/translator.js';
import { actionForm, message, restartButton } from '../../views/forms.js';
import type { FormAction, Presentation } from '../../views/forms.js';
import { passkeyScript } from './passkey-script.js';

/** the one script, inline (its hash is in the CSP) */
export const scriptTag = () => html`<script>${new SafeHtml(passkeyScript)}</script>`;

/** The identify page's offer: hidden until the script finds WebAuthn in the browser. */
export function identifyOffer(action: FormAction, ui: Presentation): SafeHtml {
  return html`<div data-passkey-offer hidden>
      <p class="muted">${ui.t('identify.passkeyPrompt')}</p>
      ${actionForm(
        action,
        html`<input type="hidden" name="method" value="passkey" />
          <button class="secondary" type="submit">${ui.t('identify.passkeyButton')}</button>`,
      )}
    </div>
    ${scriptTag()}`;
}

/**
 * A form the script drives: its button (shown once WebAuthn is found) calls
 * navigator.credentials with `options`, puts the answer in `response` and submits; when the
 * browser gives nothing back, the `failed` line is shown instead.
 */
function webauthnForm(action: FormAction, options: unknown, label: string, failed: string) {
  return actionForm(
    action,
    html`<input type="hidden" name="response" value="" />
      <p class="error" role="alert" data-passkey-failed hidden>${failed}</p>
      <button type="button" data-passkey="${JSON.stringify(options)}" hidden>${label}</button>`,
  );
}

/** The passkey sign-in: the browser asks for any passkey of this site (no address typed). */
export function signInPage(options: {
  organization: string;
  verifyAction: FormAction;
  restartAction: FormAction;
  requestOptions: unknown;
  error?: string | undefined;
}): string {
  const { organization, verifyAction, restartAction, requestOptions, error } = options;
  return layout({
    title: 'Sign in with a passkey',
    organization,
    body: html`<p>Use the passkey you added for ${organization}: your device asks for your
        fingerprint, face or screen lock.</p>
      ${message('error', error)}
      ${webauthnForm(verifyAction, requestOptions, 'Use my passkey', 'No passkey was used. Try again, or sign in with your email.')}
      ${restartButton(restartAction, english)} ${scriptTag()}`,
  });
}

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ') + ' UTC';

/** The guest's passkeys: add one ("Sign in faster next time"), see them, remove them. */
export function managePage(options: {
  organization: string;
  email?: string;
  /** why there is nothing to manage (not signed in, turned off, federated guest) */
  unavailable?: string;
  passkeys?: readonly Passkey[];
  addAction?: FormAction;
  removeAction?: FormAction;
  creationOptions?: unknown;
  notice?: string | undefined;
  error?: string | undefined;
}): string {
  const { organization, unavailable, passkeys = [], addAction, removeAction } = options;
  if (unavailable || !addAction || !removeAction) {
    return layout({
      title: 'Your passkeys',
      organization,
      body: html`<p>${unavailable ?? ''}</p>`,
    });
  }
  const list = passkeys.length
    ? html`<table>
        <thead><tr><th>Added</th><th>Last used</th><th>Kind</th><th></th></tr></thead>
        <tbody>
          ${passkeys.map(
            (p, i) =>
              html`<tr>
                <td>${when(p.createdAt)}</td>
                <td>${when(p.lastUsedAt)}</td>
                <td>${p.backedUp ? 'synced' : 'this device'}</td>
                <td>
                  ${actionForm(
                    removeAction,
                    html`<input type="hidden" name="id" value="${p.id}" />
                      <button class="secondary" type="submit" aria-label="Remove passkey ${String(i + 1)}">
                        Remove
                      </button>`,
                  )}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`
    : html`<p class="muted">You have no passkeys for ${organization} yet.</p>`;
  return layout({
    title: 'Your passkeys',
    organization,
    body: html`${message('notice', options.notice)} ${message('error', options.error)}
      <p>Signed in as ${options.email ?? ''}.</p>
      ${list}
      <div data-passkey-offer hidden>
        <h2>Sign in faster next time</h2>
        <p>Add a passkey: next time, choose “Sign in with a passkey” and unlock it with your
          fingerprint, face or screen lock — no code by mail.</p>
        ${webauthnForm(addAction, options.creationOptions, 'Add a passkey', 'No passkey was added. You can try again.')}
      </div>
      ${scriptTag()}`,
  });
}

/** After a passcode sign-in, before returning to the app: "Sign in faster next time". */
export function offerPage(options: {
  organization: string;
  addAction: FormAction;
  skipAction: FormAction;
  creationOptions: unknown;
  error?: string | undefined;
}): string {
  const { organization, addAction, skipAction, error } = options;
  return layout({
    title: 'Sign in faster next time',
    organization,
    body: html`${message('error', error)}
      <p>Add a passkey: next time, choose “Sign in with a passkey” and unlock it with your
        fingerprint, face or screen lock — no code by mail. You can remove it at any time.</p>
      ${webauthnForm(addAction, options.creationOptions, 'Add a passkey', 'No passkey was added. You can try again, or continue without one.')}
      ${actionForm(skipAction, html`<button class="secondary" type="submit">Not now</button>`)}
      ${scriptTag()}`,
  });
}
