import type { Context, Middleware, Next } from 'koa';
import { GuestpassError } from '../http/errors.js';

/**
 * Every URL a tenant's provider builds (issuer, endpoints in discovery, jwks_uri, redirects,
 * registration_client_uri, the audiences a client assertion may name) comes from PUBLIC_URL,
 * never from the request's Host or X-Forwarded-Host. A request for another host is answered
 * 421 Misdirected Request (RFC 9110 15.5.20) before any tenant route runs: `Host: evil.example`
 * gets no document naming evil.example, and no page either (DNS rebinding). The admin API and
 * health checks come earlier and answer on any host (internal calls, load balancer probes).
 *
 * With an https PUBLIC_URL the request counts as secure (cookies get Secure): PUBLIC_URL says
 * how browsers reach the server, whatever the last hop from a TLS-terminating proxy was.
 */
export function publicOrigin(publicUrl: string): Middleware {
  const url = new URL(publicUrl);
  const origin = url.origin;
  const https = url.protocol === 'https:';
  return async function atPublicOrigin(ctx: Context, next: Next) {
    // ctx.host: the Host header, or X-Forwarded-Host when the proxy is trusted (TRUST_PROXY)
    if (ctx.host.toLowerCase() !== url.host) {
      throw new GuestpassError(
        421,
        'misdirected_request',
        `this server answers for ${url.host} only: use ${origin}`,
      );
    }
    const request = ctx.request;
    Object.defineProperty(request, 'origin', { get: () => origin, configurable: true });
    Object.defineProperty(request, 'href', {
      get: () => `${origin}${request.originalUrl}`,
      configurable: true,
    });
    if (https)
      Object.defineProperty(request, 'protocol', { get: () => 'https', configurable: true });
    await next();
  };
}
