import type { Context, Middleware, Next } from 'koa';
import { clientAddresses } from '../http/client-address.js';
import type { TrustedProxies } from '../http/client-address.js';
import { logFailure } from '../http/log-failure.js';
import { refuseAmbiguousPath } from '../http/path-rules.js';
import { renderError } from '../http/render-error.js';
import { requestIds } from '../http/request-id.js';
import type { Logger } from '../util/logger.js';
import type { MetricsSink } from '../util/metrics-sink.js';
import { runInRequest } from '../util/request-context.js';
import { routeFamily } from './route-family.js';
import { pagesNotStored, setSecurityHeaders } from './security-headers.js';

export interface FrameOptions {
  readonly trustedProxies: TrustedProxies;
  readonly metrics: MetricsSink;
  readonly logger: Logger;
}

/**
 * What every request goes through before anything answers it, in one middleware (one layer,
 * one context run), from the outside in:
 * - its id (src/http/request-id.ts), carried by every log line written while it is handled;
 * - its time, into guestpass_http_request_duration_seconds by route family (taken from the
 *   path as it arrived, before tenant routing rewrites it), method and status class — a
 *   failure is timed with the status it was answered with;
 * - the one error handler: whatever is thrown is rendered by the one renderer
 *   (src/http/render-error.ts) and a failure of ours is logged once;
 * - the client's address as the trusted proxies report it (src/http/client-address.ts);
 * - the security headers (src/server/security-headers.ts);
 * - the refusal of ambiguous paths (src/http/path-rules.ts).
 */
export function requestFrame(options: FrameOptions): Middleware {
  const { metrics, logger } = options;
  const requestIdOf = requestIds(options.trustedProxies);
  const adoptClientAddress = clientAddresses(options.trustedProxies);

  async function handled(ctx: Context, next: Next) {
    try {
      adoptClientAddress(ctx);
      setSecurityHeaders(ctx);
      refuseAmbiguousPath(ctx.path);
      await next();
      pagesNotStored(ctx);
    } catch (error) {
      const rendered = renderError(ctx, error, {
        organization: (ctx.state.tenant as { displayName?: string } | undefined)?.displayName,
      });
      logFailure(logger, ctx, rendered.status, error);
    }
  }

  return async function frame(ctx: Context, next: Next) {
    const family = routeFamily(ctx.path);
    const started = performance.now();
    try {
      await runInRequest({ requestId: requestIdOf(ctx) }, () => handled(ctx, next));
    } finally {
      metrics.httpRequest(family, ctx.method, ctx.status, (performance.now() - started) / 1000);
    }
  };
}
