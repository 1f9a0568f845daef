import type { Context } from 'koa';
import { errorPage } from './error-page.js';
import { toGuestpassError } from './errors.js';
import type { GuestpassError } from './errors.js';
import type { MessageKey } from './messages/catalog.js';
import { presentationOf } from './presentation.js';
import { showPage } from './show-page.js';
import { wantsHtml } from './wants-html.js';

/** page titles by status, when the error names none (keys of the catalog) */
const titles: Record<number, MessageKey> = {
  400: 'status.400',
  401: 'status.401',
  403: 'status.403',
  404: 'status.404',
  405: 'status.405',
  409: 'status.409',
  413: 'status.413',
  429: 'status.429',
  502: 'status.502',
  503: 'status.503',
};

const description = (error: GuestpassError) =>
  error.expose ? error.description : 'an unexpected error occurred';

/** The `{error, error_description}` body of an API answer: always English, for programs. */
export const errorJson = (error: GuestpassError) => ({
  error: error.code,
  error_description: description(error),
});

/**
 * The one renderer: an HTML page for browsers (in the organization's name when known, in the
 * request's language: src/http/presentation.ts), JSON `{error, error_description}` for
 * programs (English; the `code` is stable in both). oidc-provider's renderError uses the page
 * half (src/plugin/journey-configuration.ts), so protocol errors read like every other page.
 */
export function renderError(
  ctx: Context,
  thrown: unknown,
  options: { organization?: string | undefined; html?: boolean } = {},
): GuestpassError {
  const error = toGuestpassError(thrown);
  if (error.status === 503) ctx.set('Retry-After', '5');
  if (options.html ?? wantsHtml(ctx)) {
    const ui = presentationOf(ctx);
    const local = error.expose ? error.localize?.(ui) : undefined;
    const title = local?.title ?? error.title ?? ui.t(titles[error.status] ?? 'status.other');
    showPage(
      ctx,
      error.status,
      errorPage({
        title,
        message:
          local?.description ?? (error.expose ? error.description : ui.t('error.unexpected')),
        code: error.code,
        organization: options.organization,
        detail: local?.detail ?? error.detail,
        next: error.next && { ...error.next, label: local?.nextLabel ?? error.next.label },
        ui,
      }),
    );
  } else {
    ctx.status = error.status;
    ctx.body = errorJson(error);
  }
  return error;
}
