import { layout } from '../http/layout.js';
import { html } from '../util/html.js';
import type { SafeHtml } from '../util/html.js';
import { demoClientId, demoGuestEmail, demoTenantId, demoTenantName } from './seed-demo.js';

const title = 'Demo app';

/** where the newcomer reads the code: the outbox in dev, else the configured transport */
function codeHint(transport: string): SafeHtml {
  return transport === 'outbox'
    ? html`Read the code at <a href="/dev/outbox">/dev/outbox</a> (the dev outbox: no mail
        leaves this machine).`
    : html`The code is sent with the <code>${transport}</code> mail transport.`;
}

/**
 * /demo before sign-in (and after sign-out): what this is and how to sign in. `localSignOut`:
 * the guest just signed out here only (the tenant offers no RP-initiated logout).
 */
export function signedOutPage(transport: string, localSignOut = false): string {
  return layout({
    title,
    body: html`${
      localSignOut
        ? html`<p class="notice" role="status">
            Signed out of the demo app. The tenant publishes no end-session endpoint, so your
            session there goes on until it expires.
          </p>`
        : ''
    }
      <p>
        A relying party of the tenant <strong>${demoTenantId}</strong> (${demoTenantName}),
        registered as the public client <code>${demoClientId}</code>. It signs in with the
        authorization code flow and PKCE, and shows the ID token it gets.
      </p>
      <p class="notice">The invited guest is <strong>${demoGuestEmail}</strong>. Only invited
        addresses get a code.</p>
      <ol>
        <li>Select <strong>Sign in</strong>, then <strong>Send code</strong>.</li>
        <li>${codeHint(transport)}</li>
        <li>Type the code, accept the invitation and allow access.</li>
      </ol>
      <form method="get" action="/demo-rp/signin">
        <button type="submit">Sign in</button>
      </form>`,
  });
}

/** timestamps also as ISO 8601, so the page reads without a calculator */
const timeClaims = new Set(['iat', 'exp', 'auth_time', 'nbf']);

function claimValue(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && timeClaims.has(name))
    return `${value} (${new Date(value * 1000).toISOString().replace('.000Z', 'Z')})`;
  return JSON.stringify(value);
}

/**
 * Long unbroken values (a nonce, a URL) would push the table off a phone screen; the
 * stylesheet has no rule for that, so give the browser places to wrap (<wbr> adds no text).
 */
function wrappable(text: string): SafeHtml {
  return html`${text.split(/(\s+)/).map((word) => {
    if (word.length <= 24) return word;
    const chunks = word.match(/.{1,16}/gsu) ?? [];
    return chunks.map((chunk, i) => (i === 0 ? chunk : html`<wbr />${chunk}`));
  })}`;
}

/** /demo after sign-in: the ID token's claims and the raw token. */
export function signedInPage(claims: Record<string, unknown>, idToken: string): string {
  const email = typeof claims.email === 'string' ? claims.email : String(claims.sub);
  return layout({
    title,
    body: html`<p class="notice" role="status">Signed in as <strong>${email}</strong>.</p>
      <h2>ID token claims</h2>
      <table>
        ${Object.entries(claims).map(
          ([name, value]) =>
            html`<tr>
              <th scope="row">${name}</th>
              <td>${wrappable(claimValue(name, value))}</td>
            </tr>`,
        )}
      </table>
      <h2>Raw ID token</h2>
      <pre>${idToken}</pre>
      <form method="get" action="/demo-rp/signin">
        <button type="submit">Sign in again</button>
      </form>
      <form method="post" action="/demo-rp/signout">
        <button class="secondary" type="submit">Sign out</button>
      </form>
      <p class="muted">
        Sign in again runs the flow once more: with the guest's session still open at the
        tenant, no code is asked. Sign out forgets the token here and ends the guest's session
        at the tenant (RP-initiated logout).
      </p>`,
  });
}

/** the sign-in did not complete: why, and the way back */
export function failedPage(message: string, code?: string): string {
  return layout({
    title: 'Sign-in failed',
    body: html`<p class="error" role="alert">${message}</p>
      ${code ? html`<p class="muted">Error code: <code>${code}</code></p>` : ''}
      <p><a href="/demo">Back to the demo app</a></p>`,
  });
}
