import { html } from '../util/html.js';
import { layout } from './layout.js';

/** A page that explains what went wrong, without internals, announced to screen readers. */
export function errorPage(options: {
  title: string;
  message: string;
  code?: string | undefined;
  organization?: string | undefined;
}): string {
  return layout({
    title: options.title,
    organization: options.organization,
    body: html`<p class="error" role="alert">${options.message}</p>
      ${options.code ? html`<p class="muted">Error code: <code>${options.code}</code></p>` : ''}`,
  });
}
