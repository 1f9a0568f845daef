import type { Context, Next } from 'koa';
import type { MetricsSink } from '../util/metrics-sink.js';
import { routeFamily } from './route-family.js';

/**
 * Times every request into guestpass_http_request_duration_seconds by route family (taken
 * from the path as it arrived, before tenant routing rewrites it), method and status class.
 * Outside the error handler, so a failure is timed with the status it was answered with.
 */
export function requestMetrics(metrics: MetricsSink) {
  return async function timeRequest(ctx: Context, next: Next) {
    const family = routeFamily(ctx.path);
    const started = performance.now();
    try {
      await next();
    } finally {
      metrics.httpRequest(family, ctx.method, ctx.status, (performance.now() - started) / 1000);
    }
  };
}
