import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import { stylesheet } from '../http/stylesheet.js';
import { showPage } from '../http/show-page.js';
import { html, SafeHtml } from '../util/html.js';
import type { ConsolePrincipal } from './session.js';

/**
 * The guest pages' stylesheet (src/http/stylesheet.ts) and what a console adds: a wider page
 * for tables, a navigation bar, inline buttons in tables. One inline sheet, allowed by its hash.
 */
const consoleStylesheet = `${stylesheet}
main.console{max-width:64rem}
nav.console{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;margin:0 0 1rem;padding:0 0 .75rem;border-bottom:1px solid #d0d7de;font-size:.95rem}
nav.console form{margin:0 0 0 auto}
nav.console button,td button,.row button{width:auto;margin:0;padding:.35rem .7rem;min-height:1.75rem}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
select,textarea{width:100%;padding:.6rem;font-size:1rem;border:1px solid #8c959f;border-radius:.35rem;font-family:inherit;background:#fff}
textarea{min-height:8rem;font-family:ui-monospace,monospace;font-size:1rem}
select:focus,textarea:focus{outline:3px solid #0969da;outline-offset:2px}
input[type=checkbox]{width:auto;margin-right:.5rem}
label.check{display:flex;align-items:center;font-weight:400}
.scroll{overflow-x:auto}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.secret{font-family:ui-monospace,monospace;word-break:break-all;background:#fff8c5;padding:.6rem;border-radius:.35rem}
.hint{color:#57606a;font-size:.9rem;margin:.25rem 0}
section.card{border:1px solid #d0d7de;border-radius:.5rem;padding:0 1rem 1rem;margin:1rem 0}
button.danger{background:#cf222e}
`;

/** built outside the page template, so no formatting ever changes the hashed text */
const styleTag = new SafeHtml(`<style>${consoleStylesheet}</style>`);

const hash = `'sha256-${createHash('sha256').update(consoleStylesheet).digest('base64')}'`;

/**
 * The console's own CSP: no script at all, its one stylesheet by hash, forms posted to itself
 * only, never framed.
 */
export const consoleCsp = [
  "default-src 'none'",
  "script-src 'none'",
  `style-src ${hash}`,
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface ConsolePage {
  /** the page's one h1 */
  title: string;
  body: SafeHtml;
  /** who is signed in (undefined: the sign-in page) */
  principal?: ConsolePrincipal | undefined;
  /** the tenant the page is about (its pages in the navigation) */
  tenant?: string | undefined;
  /** the sign-out form's token */
  csrf?: string | undefined;
  /** a notice (after a change) and an error (the API's answer), announced */
  notice?: string | undefined;
  error?: string | undefined;
  /** a secret a change made, shown this once */
  secret?: { readonly label: string; readonly value: string } | undefined;
}

/** the pages of one tenant, in the navigation */
export const tenantPages = [
  ['', 'Overview'],
  ['/guests', 'Guests'],
  ['/invitations', 'Invitations'],
  ['/federation', 'Federation'],
  ['/clients', 'Clients'],
  ['/admin-keys', 'Admin keys'],
  ['/sign-ins', 'Sign-in log'],
] as const;

function navigation(page: ConsolePage): SafeHtml {
  if (!page.principal) return html``;
  const base = page.tenant ? `/admin/tenants/${encodeURIComponent(page.tenant)}` : undefined;
  return html`<nav class="console" aria-label="Console">
    ${page.principal.kind === 'operator' ? html`<a href="/admin/tenants">Tenants</a>` : ''}
    ${base ? tenantPages.map(([path, label]) => html`<a href="${base}${path}">${label}</a>`) : ''}
    <form method="post" action="/admin/sign-out">
      <input type="hidden" name="csrf" value="${page.csrf ?? ''}" />
      <button class="secondary" type="submit">Sign out</button>
    </form>
  </nav>`;
}

/** Sends a console page: one h1, the navigation, the notice and error announced. */
export function showConsolePage(ctx: Context, status: number, page: ConsolePage): void {
  ctx.set('Content-Security-Policy', consoleCsp);
  ctx.set('Cache-Control', 'no-store');
  const tenantName = page.tenant ? ` · ${page.tenant}` : '';
  showPage(
    ctx,
    status,
    html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <link rel="icon" href="data:," />
          <title>${page.title}${tenantName} · Guestpass console</title>
          ${styleTag}
        </head>
        <body>
          <main class="console">
            ${navigation(page)}
            <p class="org">Guestpass console${tenantName}</p>
            <h1>${page.title}</h1>
            <div role="status" aria-live="polite">
              ${page.notice ? html`<p class="notice">${page.notice}</p>` : ''}
              ${
                page.secret
                  ? html`<div class="notice">
                    <p>
                      <strong>${page.secret.label}</strong> — copy it now: it is shown once
                      and never again.
                    </p>
                    <p class="secret">${page.secret.value}</p>
                  </div>`
                  : ''
              }
            </div>
            ${page.error ? html`<p class="error" role="alert">${page.error}</p>` : ''}
            ${page.body}
          </main>
        </body>
      </html>`.value,
  );
}

/** A POST form with the session's CSRF token. */
export function form(action: string, csrf: string, content: SafeHtml, attributes = ''): SafeHtml {
  return html`<form method="post" action="${action}" ${new SafeHtml(attributes)}>
    <input type="hidden" name="csrf" value="${csrf}" />
    ${content}
  </form>`;
}

let fieldCount = 0;

/** A labelled input (every input has a label; the hint is tied to it). */
export function field(
  label: string,
  name: string,
  options: {
    value?: string | undefined;
    type?: string;
    required?: boolean;
    hint?: string;
    autocomplete?: string;
    id?: string;
  } = {},
): SafeHtml {
  fieldCount = (fieldCount + 1) % 1_000_000;
  const id = options.id ?? `f-${name}-${fieldCount}`;
  return html`<label for="${id}">${label}</label>
    ${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''}
    <input
      id="${id}"
      name="${name}"
      type="${options.type ?? 'text'}"
      value="${options.value ?? ''}"
      ${options.required ? new SafeHtml('required') : ''}
      ${options.hint ? html`aria-describedby="${id}-hint"` : ''}
      autocomplete="${options.autocomplete ?? 'off'}"
    />`;
}

/** A labelled select. */
export function select(
  label: string,
  name: string,
  choices: readonly (readonly [string, string])[],
  selected = '',
): SafeHtml {
  fieldCount = (fieldCount + 1) % 1_000_000;
  const id = `f-${name}-${fieldCount}`;
  return html`<label for="${id}">${label}</label>
    <select id="${id}" name="${name}">
      ${choices.map(
        ([value, text]) =>
          html`<option value="${value}" ${value === selected ? new SafeHtml('selected') : ''}>
            ${text}
          </option>`,
      )}
    </select>`;
}

/** A labelled textarea. */
export function textarea(label: string, name: string, value = '', hint?: string): SafeHtml {
  fieldCount = (fieldCount + 1) % 1_000_000;
  const id = `f-${name}-${fieldCount}`;
  return html`<label for="${id}">${label}</label>
    ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}
    <textarea id="${id}" name="${name}" ${hint ? html`aria-describedby="${id}-hint"` : ''}>
${value}</textarea
    >`;
}

/** A time as people read it (UTC), or a dash. */
export const when = (iso: string | null | undefined) =>
  iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '—';
