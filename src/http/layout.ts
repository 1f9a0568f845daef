import { html, SafeHtml } from '../util/html.js';
import { accentStylesheet, logoOrigin } from './branding.js';
import type { Presentation } from './presentation.js';
import { stylesheet } from './stylesheet.js';

export interface PageOptions {
  /** the page's one <h1>: where the guest is */
  title: string;
  /** the organization the guest is signing in to, shown above the title */
  organization?: string | undefined;
  body: SafeHtml;
  /** the request's language and brand (English and unbranded without) */
  ui?: Presentation | undefined;
}

/**
 * The shell of every page: one h1, the org name (under its logo), no scripts, `<html lang>`
 * in the page's language. The accent colour is a second <style> whose hash showPage adds to
 * the CSP (src/http/presentation.ts); the support line closes the page.
 */
export function layout({ title, organization, body, ui }: PageOptions): string {
  const brand = ui?.brand;
  const accent = accentStylesheet(brand);
  const logo = logoOrigin(brand) ? brand?.logoUrl : undefined;
  return html`<!doctype html>
    <html lang="${ui?.lang ?? 'en'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <link rel="icon" href="data:," />
        <title>${title}${organization ? ` · ${organization}` : ''} · Guestpass</title>
        <style>${new SafeHtml(stylesheet)}</style>
        ${accent ? html`<style>${new SafeHtml(accent)}</style>` : ''}
      </head>
      <body>
        <main>
          ${
            logo && ui
              ? html`<img class="logo" src="${logo}" alt="${ui.t('layout.logo', { organization: organization ?? '' })}" />`
              : ''
          }
          ${organization ? html`<p class="org">${organization}</p>` : ''}
          <h1>${title}</h1>
          ${body}
          ${
            brand?.supportContact && ui
              ? html`<p class="support">${ui.t('layout.support', { contact: brand.supportContact })}</p>`
              : ''
          }
        </main>
      </body>
    </html>`.value;
}
