import type { Context } from 'koa';
import { errorPage } from './error-page.js';
import { toGuestpassError } from './errors.js';
import type { GuestpassError } from './errors.js';
import { showPage } from './show-page.js';
import { wantsHtml } from './wants-html.js';

/** page titles by status, when the error names none */
const titles: Record<number, string> = {
  400: 'This link is not valid',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Not allowed',
  409: 'Conflict',
  413: 'Request too large',
  429: 'Too many attempts',
  502: 'Something went wrong',
  503: 'Service unavailable',
};

const description = (error: GuestpassError) =>
  error.expose ? error.description : 'an unexpected error occurred';

/** The `{error, error_description}` body of an API answer. */
export const errorJson = (error: GuestpassError) => ({
  error: error.code,
  error_description: description(error),
});

/**
 * The one renderer: an HTML page for browsers (in the organization's name when known),
 * JSON `{error, error_description}` for programs. oidc-provider's renderError uses the page
 * half (src/plugin/oidc-configuration.ts), so protocol errors read like every other page.
 */
export function renderError(
  ctx: Context,
  thrown: unknown,
  options: { organization?: string | undefined; html?: boolean } = {},
): GuestpassError {
  const error = toGuestpassError(thrown);
  if (error.status === 503) ctx.set('Retry-After', '5');
  if (options.html ?? wantsHtml(ctx)) {
    showPage(
      ctx,
      error.status,
      errorPage({
        title: error.title ?? titles[error.status] ?? 'Something went wrong',
        message: description(error),
        code: error.code,
        organization: options.organization,
        detail: error.detail,
        next: error.next,
      }),
    );
  } else {
    ctx.status = error.status;
    ctx.body = errorJson(error);
  }
  return error;
}
