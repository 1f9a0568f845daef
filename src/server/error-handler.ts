import type { Context, Next } from 'koa';
import { renderError } from '../http/render-error.js';
import { logFailure } from '../http/log-failure.js';
import type { Logger } from '../util/logger.js';

/** The outermost middleware: every thrown error is rendered by the one renderer. */
export function errorHandler(logger: Logger) {
  return async function handleErrors(ctx: Context, next: Next) {
    try {
      await next();
    } catch (error) {
      const rendered = renderError(ctx, error, {
        organization: (ctx.state.tenant as { displayName?: string } | undefined)?.displayName,
      });
      logFailure(logger, ctx, rendered.status, error);
    }
  };
}
