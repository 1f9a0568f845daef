import type { Context } from 'koa';

/** Browsers get pages, API clients JSON: HTML only when the Accept header asks for it. */
export function wantsHtml(ctx: Context): boolean {
  return /\btext\/html\b/.test(ctx.get('accept'));
}
