import { postForm } from '../../src/http/form-action.js';
import type { FormAction } from '../../src/http/form-action.js';
import type { Presentation } from '../../src/http/presentation.js';
import { html } from '../../src/util/html.js';
import type { SafeHtml } from '../../src/util/html.js';

export type { FormAction };
export type { Presentation };

/** A POST form to one action of the current interaction, carrying its CSRF token. */
export function actionForm(
  action: FormAction,
  content: SafeHtml,
  options: { id?: string } = {},
): SafeHtml {
  return postForm(action, content, options.id);
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
export function restartButton(action: FormAction, ui: Pick<Presentation, 't'>): SafeHtml {
  return actionForm(
    action,
    html`<button class="secondary" type="submit">${ui.t('form.restart')}</button>`,
  );
}

/** The guest's address, in bold inside a sentence. */
export const strong = (text: string) => html`<strong>${text}</strong>`;
