import type { Context } from 'koa';
import { allowBrand, presentationOf } from './presentation.js';

/** Sends an HTML page with a status; its CSP allows the request's brand (logo, accent). */
export function showPage(ctx: Context, status: number, body: string): void {
  allowBrand(ctx, presentationOf(ctx).brand);
  ctx.status = status;
  ctx.type = 'html';
  ctx.body = body;
}
