import { html } from '../util/html.js';
import type { SafeHtml } from '../util/html.js';

/** the name of the hidden field that carries a form's CSRF token */
export const csrfField = 'csrf';

/**
 * Where a POST form of the guest journey goes, and the per-interaction CSRF token it must
 * carry (interactions/csrf.ts): a form cannot be built without one, and every POST is
 * refused without the right one.
 */
export interface FormAction {
  readonly url: string;
  readonly csrf: string;
}

/** `<form method="post">` to an action, with its token as a hidden field. */
export function postForm(action: FormAction, content: SafeHtml, id?: string): SafeHtml {
  return html`<form method="post" action="${action.url}" novalidate${id ? html` id="${id}"` : ''}>
    <input type="hidden" name="${csrfField}" value="${action.csrf}" />
    ${content}
  </form>`;
}
