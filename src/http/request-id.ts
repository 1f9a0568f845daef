import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import { proxyList } from './client-address.js';
import type { TrustedProxies } from './client-address.js';

/**
 * An X-Request-Id worth keeping: at most 128 characters of letters, digits and `. _ : + / = @ -`
 * (UUIDs, nginx's `$request_id`, AWS trace ids), nothing that could break a log line or a header.
 */
export const requestIdPattern = /^[A-Za-z0-9._:+/=@-]{1,128}$/;

/** Whether the request's peer is a proxy whose headers count (TRUST_PROXY). */
export function peerIsTrusted(trust: TrustedProxies): (peer: string | undefined) => boolean {
  if (trust.kind === 'none') return () => false;
  // `hops`: proxies stand in front, so the peer is the nearest of them
  if (trust.kind === 'hops') return () => true;
  const listed = proxyList(trust.cidrs);
  return (peer) => listed(peer ?? '');
}

/**
 * The request's id: the X-Request-Id a trusted proxy sent (TRUST_PROXY) when it is
 * well-formed, otherwise a new UUID. It is echoed in the X-Request-Id response header, and
 * the request frame (src/server/request-frame.ts) runs the request in a context carrying it,
 * so every log line written while the request is handled has it, the error handler's too.
 */
export function requestIds(trust: TrustedProxies): (ctx: Context) => string {
  const trusted = peerIsTrusted(trust);
  return function requestIdOf(ctx: Context) {
    const sent = ctx.get('x-request-id');
    const requestId =
      trusted(ctx.req.socket.remoteAddress) && requestIdPattern.test(sent) ? sent : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    return requestId;
  };
}
