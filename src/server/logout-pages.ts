import { html, SafeHtml } from '../util/html.js';
import { layout } from '../http/layout.js';

/** The sign-out confirmation; `form` is oidc-provider's hidden form (id op.logoutForm). */
export function logoutPage(form: string, organization: string): string {
  return layout({
    title: 'Sign out',
    organization,
    body: html`${new SafeHtml(form)}
      <p>Do you want to sign out of ${organization}?</p>
      <button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">
        Yes, sign me out
      </button>
      <button class="secondary" type="submit" form="op.logoutForm">No, stay signed in</button>`,
  });
}

export function signedOutPage(organization: string): string {
  return layout({
    title: 'Signed out',
    organization,
    body: html`<p role="status">You have signed out. You can close this window.</p>`,
  });
}
