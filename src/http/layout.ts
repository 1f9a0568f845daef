import { html, SafeHtml } from '../util/html.js';
import { stylesheet } from './stylesheet.js';

export interface PageOptions {
  /** the page's one <h1>: where the guest is */
  title: string;
  /** the organization the guest is signing in to, shown above the title */
  organization?: string | undefined;
  body: SafeHtml;
}

/** The shell of every page: one h1, the org name, no scripts. */
export function layout({ title, organization, body }: PageOptions): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <link rel="icon" href="data:," />
        <title>${title}${organization ? ` · ${organization}` : ''} · Guestpass</title>
        <style>${new SafeHtml(stylesheet)}</style>
      </head>
      <body>
        <main>
          ${organization ? html`<p class="org">${organization}</p>` : ''}
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`.value;
}
