import type { Context } from 'koa';
import { stylesheetHash } from '../http/stylesheet.js';
import { passkeyScriptHash } from '../../interactions/methods/passkey/passkey-script.js';

/**
 * Strict headers on every response. The CSP is set before the request is handled so
 * oidc-provider can add the hash of its own inline script (form_post) to script-src.
 * No form-action: Chromium would block the redirect to the relying party after a form post.
 */
const csp = [
  "default-src 'none'",
  // the passkey pages' one inline script (interactions/methods/passkey/passkey-script.ts)
  `script-src 'self' ${passkeyScriptHash}`,
  `style-src ${stylesheetHash}`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** sets the headers every response carries, before the request is handled */
export function setSecurityHeaders(ctx: Context): void {
  ctx.set('Content-Security-Policy', csp);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('X-Frame-Options', 'DENY');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
  if (ctx.secure) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}

/** after a page was answered: no cache keeps it */
export function pagesNotStored(ctx: Context): void {
  if (ctx.type === 'text/html') ctx.set('Cache-Control', 'no-store');
}
