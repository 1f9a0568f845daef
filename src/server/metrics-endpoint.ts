import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { Context, Next } from 'koa';
import type { Config } from '../../config/config.js';
import { notFound, unauthorized } from '../http/errors.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Who may read /metrics on the main port: with METRICS_TOKEN, whoever sends it as a bearer
 * token; without it, nobody when METRICS_PORT serves the metrics or in production, and
 * everybody in development (README "Metrics").
 */
export function metricsAccess(config: Config): 'token' | 'open' | 'closed' {
  if (config.metricsToken !== undefined) return 'token';
  return config.metricsPort === undefined && !config.production ? 'open' : 'closed';
}

/** `GET /metrics` on the main port, as metricsAccess says; 404 when closed. */
export function metricsEndpoint(metrics: PrometheusMetrics, config: Config) {
  const access = metricsAccess(config);
  const expected = digest(config.metricsToken ?? '');
  return async function serveMetrics(ctx: Context, next: Next) {
    if (ctx.path !== '/metrics') return next();
    if (access === 'closed' || (ctx.method !== 'GET' && ctx.method !== 'HEAD'))
      throw notFound(`nothing at ${ctx.path}`);
    if (access === 'token') {
      const token = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
      // compared as digests, in constant time
      if (!token || !timingSafeEqual(digest(token), expected)) {
        ctx.set(
          'WWW-Authenticate',
          `Bearer realm="guestpass-metrics"${token ? ', error="invalid_token"' : ''}`,
        );
        throw unauthorized(
          token
            ? 'the metrics token is not valid'
            : 'an Authorization: Bearer <METRICS_TOKEN> header is required',
        );
      }
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.type = metrics.contentType;
    ctx.body = await metrics.text();
  };
}

/**
 * METRICS_PORT: a listener of its own on the loopback interface (127.0.0.1) answering
 * `GET /metrics` without a token — for a scraper or agent on the same host or pod. Resolves
 * once listening; rejects when the port cannot be bound.
 */
export function listenForMetrics(metrics: PrometheusMetrics, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    metrics.text().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
