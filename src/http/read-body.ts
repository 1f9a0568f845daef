import type { Context } from 'koa';
import { invalidRequest, payloadTooLarge } from './errors.js';

/** Reads the request body's bytes, refusing more than `limit` with 413. */
export async function readBytes(ctx: Context, limit: number): Promise<Buffer> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) throw payloadTooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw payloadTooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads the request body as text, refusing more than `limit` bytes with 413. */
export async function readBody(ctx: Context, limit: number): Promise<string> {
  return (await readBytes(ctx, limit)).toString('utf8');
}

export async function readJson(ctx: Context, limit: number): Promise<unknown> {
  if (!ctx.is('application/json'))
    throw invalidRequest('the body must be JSON (Content-Type: application/json)');
  const text = await readBody(ctx, limit);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidRequest('the body is not valid JSON');
  }
}

/** An HTML form post (application/x-www-form-urlencoded) as a plain record. */
export async function readForm(ctx: Context, limit = 16 * 1024): Promise<Record<string, string>> {
  if (!ctx.is('application/x-www-form-urlencoded'))
    throw invalidRequest('expected a form submission');
  return Object.fromEntries(new URLSearchParams(await readBody(ctx, limit)));
}
