import type { Context } from 'koa';
import type { Logger } from '../util/logger.js';

/** Logs what went wrong on our side (5xx) once, without anything a guest typed. */
export function logFailure(logger: Logger, ctx: Context, status: number, error: unknown): void {
  if (status < 500) return;
  logger.error(status === 503 ? 'store.unavailable' : 'request.failed', {
    method: ctx.method,
    path: ctx.path,
    error: error instanceof Error ? error.message : String(error),
    ...(status === 500 && error instanceof Error ? { stack: error.stack } : {}),
  });
}
