import { layout } from '../../../src/http/layout.js';
import type { Passkey } from '../../../src/directory/passkeys.js';
import { html, SafeHtml } from '../../../src/util/html.js';
import { actionForm, message, restartButton } from '../../views/forms.js';
import type { FormAction, Presentation } from '../../views/forms.js';
import { passkeyScript } from './passkey-script.js';

/** the one script, inline (its hash is in the CSP) */
export const scriptTag = () => html`<script>${new SafeHtml(passkeyScript)}</script>`;

/**
 * The identify page's offer, hidden until the script finds WebAuthn in the browser: a button
 * for the passkey page, and the same form carries `conditional` request options, which the
 * script hands to the browser at once for the address field's autofill (conditional UI,
 * where the browser has it): a passkey picked there is posted right away.
 */
export function identifyOffer(
  action: FormAction,
  conditional: unknown,
  ui: Presentation,
): SafeHtml {
  return html`<div data-passkey-offer hidden>
      <p class="muted">${ui.t('identify.passkeyPrompt')}</p>
      ${actionForm(
        action,
        html`<input type="hidden" name="method" value="passkey" />
          <input
            type="hidden"
            name="response"
            value=""
            data-passkey-conditional="${JSON.stringify(conditional)}"
          />
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
  ui: Presentation;
  error?: string | undefined;
}): string {
  const { organization, verifyAction, restartAction, requestOptions, error, ui } = options;
  return layout({
    title: ui.t('passkey.signInTitle'),
    organization,
    ui,
    body: html`<p>${ui.t('passkey.signInIntro', { organization })}</p>
      ${message('error', error)}
      ${webauthnForm(verifyAction, requestOptions, ui.t('passkey.use'), ui.t('passkey.noneUsed'))}
      ${restartButton(restartAction, ui)} ${scriptTag()}`,
  });
}

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ') + ' UTC';

/** The guest's passkeys: add one ("Sign in faster next time"), see them, remove them. */
export function managePage(options: {
  organization: string;
  ui: Presentation;
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
  const { organization, unavailable, passkeys = [], addAction, removeAction, ui } = options;
  if (unavailable || !addAction || !removeAction) {
    return layout({
      title: ui.t('passkey.manageTitle'),
      organization,
      ui,
      body: html`<p>${unavailable ?? ''}</p>`,
    });
  }
  const list = passkeys.length
    ? html`<table>
        <thead>
          <tr>
            <th>${ui.t('passkey.added')}</th>
            <th>${ui.t('passkey.lastUsed')}</th>
            <th>${ui.t('passkey.kind')}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${passkeys.map(
            (p, i) =>
              html`<tr>
                <td>${when(p.createdAt)}</td>
                <td>${when(p.lastUsedAt)}</td>
                <td>${p.backedUp ? ui.t('passkey.synced') : ui.t('passkey.thisDevice')}</td>
                <td>
                  ${actionForm(
                    removeAction,
                    html`<input type="hidden" name="id" value="${p.id}" />
                      <button
                        class="secondary"
                        type="submit"
                        aria-label="${ui.t('passkey.removeLabel', { n: i + 1 })}"
                      >
                        ${ui.t('passkey.remove')}
                      </button>`,
                  )}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`
    : html`<p class="muted">${ui.t('passkey.none', { organization })}</p>`;
  return layout({
    title: ui.t('passkey.manageTitle'),
    organization,
    ui,
    body: html`${message('notice', options.notice)} ${message('error', options.error)}
      <p>${ui.t('passkey.signedInAs', { email: options.email ?? '' })}</p>
      ${list}
      <div data-passkey-offer hidden>
        <h2>${ui.t('passkey.offerTitle')}</h2>
        <p>${ui.t('passkey.addIntro')}</p>
        ${webauthnForm(addAction, options.creationOptions, ui.t('passkey.add'), ui.t('passkey.noneAdded'))}
      </div>
      ${scriptTag()}`,
  });
}

/** After a passcode sign-in, before returning to the app: "Sign in faster next time". */
export function offerPage(options: {
  organization: string;
  addAction: FormAction;
  skipAction: FormAction;
  /** a passcode guest's passkey spares the mail; a federated guest's, typing the address */
  replacesMail: boolean;
  creationOptions: unknown;
  ui: Presentation;
  error?: string | undefined;
}): string {
  const { organization, addAction, skipAction, error, ui } = options;
  return layout({
    title: ui.t('passkey.offerTitle'),
    organization,
    ui,
    body: html`${message('error', error)}
      <p>
        ${ui.t(options.replacesMail ? 'passkey.addIntro' : 'passkey.addIntroFederated')}
        ${ui.t('passkey.removeAnyTime')}
      </p>
      ${webauthnForm(addAction, options.creationOptions, ui.t('passkey.add'), ui.t('passkey.noneAddedOffer'))}
      ${actionForm(skipAction, html`<button class="secondary" type="submit">${ui.t('passkey.notNow')}</button>`)}
      ${scriptTag()}`,
  });
}
