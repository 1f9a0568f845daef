import { html } from '../../src/util/html.js';
import type { SafeHtml } from '../../src/util/html.js';

/** A POST form to one action of the current interaction. */
export function actionForm(
  action: string,
  content: SafeHtml,
  options: { id?: string } = {},
): SafeHtml {
  return html`<form
    method="post"
    action="${action}"
    novalidate${options.id ? html` id="${options.id}"` : ''}
  >
    ${content}
  </form>`;
}

/** An error or notice paragraph that screen readers announce. */
export function message(
  kind: 'error' | 'notice',
  text: string | undefined,
  id?: string,
): SafeHtml | '' {
  if (!text) return '';
  return kind === 'error'
    ? html`<p class="error" role="alert" ${id ? html` id="${id}"` : ''}>${text}</p>`
    : html`<p class="notice" role="status" ${id ? html` id="${id}"` : ''}>${text}</p>`;
}

/** "Use a different email": starts the journey again. */
export function restartButton(action: string): SafeHtml {
  return actionForm(
    action,
    html`<button class="secondary" type="submit">Use a different email</button>`,
  );
}
