import { html } from '../util/html.js';
import type { NextAction } from './errors.js';
import { postForm } from './form-action.js';
import { layout } from './layout.js';
import type { Presentation } from './presentation.js';

/** A page that explains what went wrong, without internals, announced to screen readers. */
export function errorPage(options: {
  title: string;
  message: string;
  code?: string | undefined;
  organization?: string | undefined;
  detail?: string | undefined;
  next?: NextAction | undefined;
  ui?: Presentation | undefined;
}): string {
  const { ui } = options;
  return layout({
    title: options.title,
    organization: options.organization,
    ui,
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
      ${
        // the code stays as it is in every language: programs and support staff rely on it
        options.code
          ? html`<p class="muted">${ui?.t('error.code') ?? 'Error code:'} <code>${options.code}</code></p>`
          : ''
      }`,
  });
}
