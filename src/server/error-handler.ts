import type { Context, Next } from 'koa';
import { errorPage } from '../../interactions/views/error-page.js';
import { StoreUnavailableError } from '../store/store-unavailable-error.js';
import type { Logger } from '../util/logger.js';
import { HttpError, serviceUnavailable } from './http-error.js';
import { wantsHtml } from './wants-html.js';

const titles: Record<number, string> = {
  400: 'This link is not valid',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Request too large',
  503: 'Service unavailable',
};

/** Converts any error into the documented shape: `{error, error_description}` or a page. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof StoreUnavailableError) return serviceUnavailable();
  const status = (error as { status?: unknown }).status;
  if (
    typeof status === 'number' &&
    status >= 400 &&
    status < 500 &&
    (error as { expose?: boolean }).expose
  ) {
    return new HttpError(
      status,
      status === 413 ? 'payload_too_large' : 'invalid_request',
      (error as Error).message,
    );
  }
  return new HttpError(500, 'server_error', 'an unexpected error occurred', false);
}

export function renderHttpError(ctx: Context, error: HttpError, organization?: string): void {
  ctx.status = error.status;
  if (error.status === 503) ctx.set('Retry-After', '5');
  if (wantsHtml(ctx)) {
    ctx.type = 'html';
    ctx.body = errorPage({
      title: titles[error.status] ?? 'Something went wrong',
      message: error.description,
      code: error.code,
      organization,
    });
  } else {
    ctx.body = { error: error.code, error_description: error.description };
  }
}

export function errorHandler(logger: Logger) {
  return async function handleErrors(ctx: Context, next: Next) {
    try {
      await next();
    } catch (error) {
      const httpError = toHttpError(error);
      if (httpError.status >= 500) {
        logger.error(httpError.status === 503 ? 'store.unavailable' : 'request.failed', {
          method: ctx.method,
          path: ctx.path,
          error: error instanceof Error ? error.message : String(error),
          ...(httpError.status === 500 && error instanceof Error ? { stack: error.stack } : {}),
        });
      }
      renderHttpError(ctx, httpError);
    }
  };
}
