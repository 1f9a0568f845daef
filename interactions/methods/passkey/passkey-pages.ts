import { layout } from '../../../src/http/layout.js';
import type { Passkey } from '../../../src/directory/passkeys.js';
import { html, SafeHtml } from '../../../src/util/html.js';
import { actionForm, message, restartButton } from '../../views/forms.js';
import type { FormAction } from '../../views/forms.js';
import { passkeyScript } from './passkey-script.js';

/** the one script, inline (its hash is in the CSP) */
export const scriptTag = () => html`<script>${new SafeHtml(passkeyScript)}</script>`;

/**
 * The identify page's offer, hidden until the script finds WebAuthn in the browser: a button
 * for the passkey page, and the same form carries `conditional` request options, which the
 * script hands to the browser at once for the address field's autofill (conditional UI,
 * where the browser has it): a passkey picked there is posted right away.
 */
export function identifyOffer(action: FormAction, conditional: unknown): SafeHtml {
  return html`<div data-passkey-offer hidden>
      <p class="muted">Added a passkey on an earlier visit?</p>
      ${actionForm(
        action,
        html`<input type="hidden" name="method" value="passkey" />
          <input
            type="hidden"
            name="response"
            value=""
            data-passkey-conditional="${JSON.stringify(conditional)}"
          />
          <button class="secondary" type="submit">Sign in with a passkey</button>`,
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
      ${restartButton(restartAction)} ${scriptTag()}`,
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

/** After a sign-in or a redemption, before returning to the app: "Sign in faster next time". */
export function offerPage(options: {
  organization: string;
  addAction: FormAction;
  skipAction: FormAction;
  replacesMail: boolean;
  creationOptions: unknown;
  error?: string | undefined;
}): string {
  const { organization, addAction, skipAction, error } = options;
  const why = options.replacesMail
    ? html`<p>Add a passkey: next time, choose “Sign in with a passkey” and unlock it with your
        fingerprint, face or screen lock — no code by mail. You can remove it at any time.</p>`
    : html`<p>Add a passkey: next time, choose “Sign in with a passkey” and unlock it with your
        fingerprint, face or screen lock — no address to type. Your organization's sign-in
        still confirms it is you. You can remove it at any time.</p>`;
  return layout({
    title: 'Sign in faster next time',
    organization,
    body: html`${message('error', error)} ${why}
      ${webauthnForm(addAction, options.creationOptions, 'Add a passkey', 'No passkey was added. You can try again, or continue without one.')}
      ${actionForm(skipAction, html`<button class="secondary" type="submit">Not now</button>`)}
      ${scriptTag()}`,
  });
}
