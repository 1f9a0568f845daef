import type { Context } from 'koa';

/** Sends an HTML page with a status. */
export function showPage(ctx: Context, status: number, body: string): void {
  ctx.status = status;
  ctx.type = 'html';
  ctx.body = body;
}
