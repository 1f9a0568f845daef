import type { Context } from 'koa';

/** Reads and parses one admin request's JSON body (size-limited). */
export type BodyReader = (ctx: Context) => Promise<unknown>;

/** A body that may be left out: `{}` (ask for the defaults) for an empty POST, else the JSON. */
export async function optionalBody(ctx: Context, readBody: BodyReader): Promise<unknown> {
  const sent = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
  return sent ? readBody(ctx) : {};
}
