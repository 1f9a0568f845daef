import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import { unauthorized } from '../server/http-error.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Who is calling the admin API. */
export type Principal = { kind: 'operator' };

/** Bearer-token authentication; compares digests in constant time. */
export function adminAuth(adminToken: string) {
  const expected = digest(adminToken);
  return async function authenticate(ctx: Context, next: Next) {
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
    if (!match?.[1]) {
      ctx.set('WWW-Authenticate', 'Bearer realm="guestpass-admin"');
      throw unauthorized('an Authorization: Bearer <admin token> header is required');
    }
    if (!timingSafeEqual(digest(match[1]), expected)) {
      ctx.set('WWW-Authenticate', 'Bearer realm="guestpass-admin", error="invalid_token"');
      throw unauthorized('the admin token is not valid');
    }
    ctx.state.principal = { kind: 'operator' } satisfies Principal;
    await next();
  };
}
