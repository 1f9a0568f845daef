import { html } from '../util/html.js';
import type { NextAction } from './errors.js';
import { postForm } from './form-action.js';
import { layout } from './layout.js';

/** A page that explains what went wrong, without internals, announced to screen readers. */
export function errorPage(options: {
  title: string;
  message: string;
  code?: string | undefined;
  organization?: string | undefined;
  detail?: string | undefined;
  next?: NextAction | undefined;
}): string {
  return layout({
    title: options.title,
    organization: options.organization,
    body: html`<p class="error" role="alert">${options.message}</p>
      ${options.detail ? html`<p class="muted">${options.detail}</p>` : ''}
      ${
        options.next
          ? postForm(
              options.next.action,
              html`<button class="secondary" type="submit">${options.next.label}</button>`,
            )
          : ''
      }
      ${options.code ? html`<p class="muted">Error code: <code>${options.code}</code></p>` : ''}`,
  });
}
