import { html } from '../../src/util/html.js';
import { actionForm } from './forms.js';
import type { FormAction, Presentation } from './forms.js';
import { layout } from '../../src/http/layout.js';

/**
 * The guest chose Cancel on Accept invitation: a page written to them, not a bare error at
 * the application. What happened (nothing was shared), then what they can do: close the
 * window, go back to the application (which learns the sign-in was declined), or look at
 * the invitation again; the organization's support line, when it has one, closes the page.
 */
export function declinedPage(options: {
  organization: string;
  ui: Presentation;
  /** back to the application; none when there is no application (the invitation link) */
  backAction?: FormAction | undefined;
  reviewAction: FormAction;
}): string {
  const { organization, ui } = options;
  return layout({
    title: ui.t('declined.title'),
    organization,
    ui,
    body: html`<p role="status">${ui.t('declined.text', { organization })}</p>
      ${
        options.backAction
          ? html`<p>${ui.t('declined.next')}</p>
            ${actionForm(
              options.backAction,
              html`<button type="submit" autofocus>${ui.t('declined.back')}</button>`,
            )}`
          : html`<p>${ui.t('declined.close')}</p>`
      }
      <p class="muted">${ui.t('declined.mistake', { organization })}</p>
      ${actionForm(
        options.reviewAction,
        html`<button class="secondary" type="submit">${ui.t('declined.review')}</button>`,
      )}`,
  });
}
