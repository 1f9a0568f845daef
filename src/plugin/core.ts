import type { Config } from '../../config/config.js';
import { Journeys } from '../../interactions/journey.js';
import type { SignInMethod } from '../../interactions/methods/method.js';
import { builtInMethods, MethodRegistry } from '../../interactions/methods/registry.js';
import { createResolver } from '../../interactions/resolve.js';
import type { JourneyServices } from '../../interactions/step.js';
import { Guests } from '../directory/guests.js';
import { Invitations } from '../directory/invitations.js';
import { Tenants } from '../directory/tenants.js';
import { Federation } from '../federation/federation.js';
import { FederationRules } from '../federation/federation-rules.js';
import { Upstreams } from '../federation/upstreams.js';
import { createMailer } from '../mail/create-mailer.js';
import { CountedPasscodes, CountedSignInLog } from '../metrics/counted-services.js';
import { measuredStore } from '../metrics/measured-store.js';
import { TimedMailer } from '../metrics/timed-mailer.js';
import type { Mailer } from '../mail/mailer.js';
import { Outbox } from '../mail/outbox.js';
import { DeliveryTiming } from '../otp/delivery-timing.js';
import { RateLimiter } from '../otp/rate-limiter.js';
import { createStore } from '../store/create-store.js';
import { createKeys } from '../store/keys.js';
import { RedisStore } from '../store/redis-store.js';
import { Invalidations } from '../store/record-cache.js';
import type { Store } from '../store/store.js';
import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';
import { createLogger } from '../util/logger.js';
import type { Logger } from '../util/logger.js';
import { noMetrics } from '../util/metrics-sink.js';
import type { MetricsSink } from '../util/metrics-sink.js';
import { SecretBox } from '../util/secret-box.js';

/** What a core may be given instead of what its Config says (tests, embedders). */
export interface CoreOptions {
  /** a store to use instead of the configured one */
  store?: Store;
  logger?: Logger;
  /** a mailer to use instead of the configured transport */
  mailer?: Mailer;
  /** where time comes from (tests move it instead of sleeping) */
  clock?: Clock;
  /** the sign-in methods, in resolution order (default: federation, then the passcode) */
  methods?: readonly SignInMethod[];
  /** where sign-ins, passcodes, mail and Redis operations are counted (default: nowhere) */
  metrics?: MetricsSink;
}

/** The journey's services plus what hosts share: the dev outbox and a way to let go. */
export interface GuestpassCore extends JourneyServices {
  /** the dev outbox, when MAIL_TRANSPORT=outbox */
  readonly outbox: Outbox | undefined;
  /** what the services report into (CoreOptions.metrics) */
  readonly metrics: MetricsSink;
  /** in-process copies of tenants and clients, dropped on every process when they change */
  readonly invalidations: Invalidations;
  close(): Promise<void>;
}

/**
 * Builds the domain services the guest journey runs on, once per process: the store, the
 * directory, passcodes, mail, federation and the method registry. The plugin and the
 * standalone server are both hosts of one core.
 */
export async function createCore(
  config: Config,
  options: CoreOptions = {},
): Promise<GuestpassCore> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const metrics = options.metrics ?? noMetrics;
  const given = options.store ?? (await createStore(config, clock));
  // Redis's operations timed and its connection errors counted, when someone counts
  const store = options.metrics && given.kind === 'redis' ? measuredStore(given, metrics) : given;
  if (given instanceof RedisStore)
    metrics.observeRedisConnectionErrors(() => given.traffic.connectionErrors);
  const keys = createKeys(config.redisKeyPrefix);
  const invalidations = await Invalidations.start(store, keys.invalidations(), clock);
  const outbox = config.mail.transport === 'outbox' ? new Outbox() : undefined;
  const federation = new Federation(
    new FederationRules(store, keys, new SecretBox(config.cookieSecrets, 'federation-secret')),
    new Upstreams(config.federationTimeoutSeconds),
    config.federationRules,
  );
  const core: GuestpassCore = {
    config,
    store,
    keys,
    clock,
    logger,
    outbox,
    metrics,
    invalidations,
    tenants: new Tenants(store, keys, clock, invalidations),
    guests: new Guests(store, keys, clock),
    invitations: new Invitations(store, keys, config.invitationTtlSeconds, clock),
    journeys: new Journeys(),
    signInLog: new CountedSignInLog(metrics, store, keys, clock),
    mailer: new TimedMailer(options.mailer ?? createMailer(config.mail, logger, outbox), metrics),
    passcodes: new CountedPasscodes(
      metrics,
      store,
      keys,
      config.otp,
      config.cookieSecrets[0] ?? '',
      clock,
    ),
    rateLimiter: new RateLimiter(store, keys, clock),
    deliveryTiming: new DeliveryTiming(undefined, clock),
    federation,
    methods: new MethodRegistry(options.methods ?? builtInMethods),
    resolve: createResolver(() => core),
    async close() {
      await invalidations.close();
      await store.close();
    },
  };
  return core;
}
