import type { Context, Middleware, Next } from 'koa';
import { GuestpassError } from '../http/errors.js';

/** what a request answered at PUBLIC_URL reads as its origin */
interface PublicView {
  readonly origin: string;
  readonly https: boolean;
}

const atPublicUrl = Symbol('guestpass.publicOrigin');
type ViewedRequest = { [atPublicUrl]?: PublicView; originalUrl: string };

/** the request prototypes whose origin, href and protocol read the view (installed once each) */
const viewing = new WeakSet<object>();

/**
 * Koa's `origin`, `href` and `protocol` of a request, as PUBLIC_URL says when the request
 * is served at it, else Koa's own. Defined once on the app's request prototype, not on every
 * request (a property defined on each request object would cost every request a new shape).
 */
function viewThroughPublicUrl(prototype: object): void {
  if (viewing.has(prototype)) return;
  viewing.add(prototype);
  const koa = Object.getPrototypeOf(prototype) as object;
  const own = (
    name: 'origin' | 'href' | 'protocol',
    read: (view: PublicView, request: ViewedRequest) => string,
  ) =>
    Object.defineProperty(prototype, name, {
      configurable: true,
      get(this: ViewedRequest): string {
        const view = this[atPublicUrl];
        return view ? read(view, this) : (Reflect.get(koa, name, this) as string);
      },
    });
  own('origin', (view) => view.origin);
  own('href', (view, request) => `${view.origin}${request.originalUrl}`);
  own('protocol', (view, request) =>
    view.https ? 'https' : (Reflect.get(koa, 'protocol', request) as string),
  );
}

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
  const view: PublicView = { origin: url.origin, https: url.protocol === 'https:' };
  return async function atPublicOrigin(ctx: Context, next: Next) {
    // ctx.host: the Host header, or X-Forwarded-Host when the proxy is trusted (TRUST_PROXY)
    if (ctx.host.toLowerCase() !== url.host) {
      throw new GuestpassError(
        421,
        'misdirected_request',
        `this server answers for ${url.host} only: use ${view.origin}`,
      );
    }
    viewThroughPublicUrl(Object.getPrototypeOf(ctx.request) as object);
    (ctx.request as unknown as ViewedRequest)[atPublicUrl] = view;
    await next();
  };
}
