import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { Histogram as LightHistogram } from './histogram.js';
import type { CourierOutcome, CourierQueueState, MetricsSink } from '../util/metrics-sink.js';

const httpMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** `GET`, `POST`, … as sent; anything else (a made-up method) is `other` */
const methodLabel = (method: string) => (httpMethods.has(method) ? method : 'other');

/** 2xx, 3xx, 4xx, 5xx */
const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

/**
 * The one module that knows prom-client: a registry of its own per app (several apps in one
 * process — tests, a host with two — never share counts), implementing the MetricsSink the
 * layers report into. README "Metrics" lists every metric.
 */
export class PrometheusMetrics implements MetricsSink {
  readonly registry = new Registry();

  readonly #signIns = new Counter({
    name: 'guestpass_sign_ins_total',
    help: 'Sign-in log entries, by method (none before one was chosen), result and reason.',
    labelNames: ['method', 'result', 'reason'] as const,
    registers: [this.registry],
  });
  readonly #issued = new Counter({
    name: 'guestpass_passcodes_issued_total',
    help: 'Passcodes stored; invited="false": a decoy for an address that is not invited (never mailed).',
    labelNames: ['invited'] as const,
    registers: [this.registry],
  });
  readonly #refused = new Counter({
    name: 'guestpass_passcodes_refused_total',
    help: 'Requests for a passcode that stored none: cooldown, capped (sends per window) or locked.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly #accepted = new Counter({
    name: 'guestpass_passcodes_accepted_total',
    help: 'Passcodes entered and accepted.',
    registers: [this.registry],
  });
  readonly #rejected = new Counter({
    name: 'guestpass_passcodes_rejected_total',
    help: 'Passcodes entered and rejected, by reason (wrong, expired, exhausted, locked).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly #mail = new Histogram({
    name: 'guestpass_mail_send_seconds',
    help: 'Time to hand one mail to the transport, retries included, by kind and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  // observed on every Redis command and every request: the lighter histogram (./histogram.ts)
  readonly #redis = new LightHistogram(
    'guestpass_redis_operation_seconds',
    'Time of one store operation against Redis (a command, or script:<name>), failed ones included.',
    ['operation'],
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  );
  readonly #redisErrors = new Counter({
    name: 'guestpass_redis_errors_total',
    help: 'Store operations that failed: unavailable (down, timed out, cluster not ready) or reply (Redis refused the command).',
    labelNames: ['operation', 'kind'] as const,
    registers: [this.registry],
  });
  readonly #http = new LightHistogram(
    'guestpass_http_request_duration_seconds',
    'HTTP requests by route family, method and status class.',
    ['family', 'method', 'status'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
  readonly #deliveries = new Counter({
    name: 'guestpass_courier_deliveries_total',
    help: 'Delivery attempts of the mail courier: delivered, retry (transient failure) or failed (given up).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  #builtProviders: () => number = () => 0;
  #providerCapacity = 0;
  #connectionErrors: () => number = () => 0;
  #queue: (() => Promise<CourierQueueState> | CourierQueueState) | undefined;
  /** the queue as this scrape read it: both of its gauges show one reading */
  #queueRead: Promise<CourierQueueState | undefined> | undefined;
  /** the standalone server's own metrics (its HTTP requests, its tenant providers) */
  readonly #server: boolean;

  /**
   * `processMetrics`: prom-client's process_* and nodejs_* too (default on); `server`: the
   * standalone server's HTTP requests and tenant providers (default on; a plugin host has
   * neither: its requests are its own, and it runs one provider)
   */
  constructor(options: { processMetrics?: boolean; server?: boolean } = {}) {
    const metrics = this;
    this.#server = options.server ?? true;
    if (this.#server) {
      new Gauge({
        name: 'guestpass_tenant_providers_built',
        help: 'Tenant providers built and kept in memory (PROVIDER_CACHE_SIZE is the most).',
        registers: [this.registry],
        collect() {
          this.set(metrics.#builtProviders());
        },
      });
      new Gauge({
        name: 'guestpass_tenant_providers_capacity',
        help: 'How many tenant providers may stay built (PROVIDER_CACHE_SIZE).',
        registers: [this.registry],
        collect() {
          this.set(metrics.#providerCapacity);
        },
      });
    }
    new Counter({
      name: 'guestpass_redis_connection_errors_total',
      help: 'Errors the Redis connection reported (refused, reset, timed out) since start.',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(metrics.#connectionErrors());
      },
    });
    // one reading for both gauges of a scrape (their collects start in the same tick), read
    // anew by the next scrape
    const queue = () =>
      (metrics.#queueRead ??= (async () => {
        try {
          return await metrics.#queue?.();
        } catch {
          return undefined; // the queue cannot be read (the store is down): the gauges keep their last values
        } finally {
          setImmediate(() => (metrics.#queueRead = undefined));
        }
      })());
    new Gauge({
      name: 'guestpass_courier_queue_depth',
      help: 'Mails waiting in the courier queue or in flight.',
      registers: [this.registry],
      async collect() {
        const state = await queue();
        if (state) this.set(state.depth);
      },
    });
    new Gauge({
      name: 'guestpass_courier_oldest_message_age_seconds',
      help: 'Age of the oldest mail in the courier queue (0 when empty).',
      registers: [this.registry],
      async collect() {
        const state = await queue();
        if (state) this.set(state.oldestAgeSeconds);
      },
    });
    // the known label values start at 0, so rates and alerts work before the first event
    for (const invited of ['true', 'false']) this.#issued.inc({ invited }, 0);
    for (const reason of ['cooldown', 'capped', 'locked']) this.#refused.inc({ reason }, 0);
    for (const reason of ['wrong', 'expired', 'exhausted', 'locked'])
      this.#rejected.inc({ reason }, 0);
    for (const outcome of ['delivered', 'retry', 'failed']) this.#deliveries.inc({ outcome }, 0);
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** the exposition text (text/plain; version=0.0.4) */
  async text(): Promise<string> {
    const light = (this.#server ? [this.#http, this.#redis] : [this.#redis]).map((histogram) =>
      histogram.text(),
    );
    return `${await this.registry.metrics()}\n${light.join('\n\n')}\n`;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  signIn(method: string | null, result: string, reason: string) {
    this.#signIns.inc({ method: method ?? 'none', result, reason });
  }
  passcodeIssued(invited: boolean) {
    this.#issued.inc({ invited: String(invited) });
  }
  passcodeRefused(reason: string) {
    this.#refused.inc({ reason });
  }
  passcodeChecked(status: string) {
    if (status === 'accepted') this.#accepted.inc();
    else this.#rejected.inc({ reason: status });
  }
  mailSent(kind: string, outcome: 'sent' | 'failed', seconds: number) {
    this.#mail.observe({ kind, outcome }, seconds);
  }
  redisOperation(operation: string, seconds: number, error?: 'unavailable' | 'reply') {
    this.#redis.observe([operation], seconds);
    if (error) this.#redisErrors.inc({ operation, kind: error });
  }
  httpRequest(family: string, method: string, status: number, seconds: number) {
    this.#http.observe([family, methodLabel(method), statusClass(status)], seconds);
  }
  observeBuiltProviders(read: () => number, capacity: number) {
    this.#builtProviders = read;
    this.#providerCapacity = capacity;
  }
  observeRedisConnectionErrors(read: () => number) {
    this.#connectionErrors = read;
  }
  recordDelivery(outcome: CourierOutcome) {
    this.#deliveries.inc({ outcome });
  }
  observeQueue(read: () => Promise<CourierQueueState> | CourierQueueState) {
    this.#queue = read;
  }
}
