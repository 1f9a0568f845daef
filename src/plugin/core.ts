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
import { createTransport } from '../mail/create-mailer.js';
import { Courier } from '../mail/courier/courier.js';
import type { MailOutcome } from '../mail/courier/courier.js';
import { MailLog } from '../mail/mail-log.js';
import { CountedPasscodes, CountedSignInLog } from '../metrics/counted-services.js';
import type { SignInLog } from '../directory/sign-in-log.js';
import { measuredStore } from '../metrics/measured-store.js';
import { TimedMailer } from '../metrics/timed-mailer.js';
import type { Mailer } from '../mail/mailer.js';
import { Outbox } from '../mail/outbox.js';
import { RateLimiter } from '../otp/rate-limiter.js';
import { createStore } from '../store/create-store.js';
import { createKeys, mailQueueShards } from '../store/keys.js';
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
  /** a transport to use instead of the configured one (the courier delivers through it) */
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
  /** what became of each tenant's mails (GET /admin/v1/tenants/{t}/mail) */
  readonly mailLog: MailLog;
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
  // the courier's background work on a Redis connection of its own (the memory store is one)
  const courierStore =
    !options.store && given.kind === 'redis' ? await createStore(config, clock) : store;
  const keys = createKeys(config.redisKeyPrefix);
  const invalidations = await Invalidations.start(store, keys.invalidations(), clock);
  const outbox = config.mail.transport === 'outbox' ? new Outbox() : undefined;
  const federation = new Federation(
    new FederationRules(store, keys, new SecretBox(config.cookieSecrets, 'federation-secret')),
    new Upstreams(config.federationTimeoutSeconds),
    config.federationRules,
  );
  const signInLog = new CountedSignInLog(metrics, store, keys, clock);
  const mailLog = new MailLog(store, keys, clock);
  // outcomes are recorded by the courier, in the background
  const outcomeLogs = {
    mailLog: new MailLog(courierStore, keys, clock),
    signInLog: new CountedSignInLog(metrics, courierStore, keys, clock),
  };
  const transport = new TimedMailer(
    options.mailer ?? createTransport(config.mail, outbox),
    metrics,
  );
  const courier = new Courier({
    store,
    workStore: courierStore,
    queueKeys: Array.from({ length: mailQueueShards }, (_, shard) => keys.mailQueue(shard)),
    transport,
    logger,
    clock,
    box: new SecretBox(config.cookieSecrets, 'queued-mail'),
    giveUpMs: config.mail.giveUpSeconds * 1000,
    claimIdleMs: config.mail.claimIdleSeconds * 1000,
    onOutcome: (outcome) => {
      metrics.recordDelivery(outcome.status === 'sent' ? 'delivered' : 'failed');
      return recordOutcome(outcome, outcomeLogs.mailLog, outcomeLogs.signInLog);
    },
    onRetry: () => metrics.recordDelivery('retry'),
  });
  metrics.observeQueue(async () => {
    const queue = await courier.state();
    return { depth: queue.depth, oldestAgeSeconds: Math.round(queue.oldestAgeMs / 1000) };
  });
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
    signInLog,
    mailLog,
    mailer: transport,
    courier,
    passcodes: new CountedPasscodes(
      metrics,
      store,
      keys,
      config.otp,
      config.cookieSecrets[0] ?? '',
      clock,
    ),
    rateLimiter: new RateLimiter(store, keys, clock),
    federation,
    methods: new MethodRegistry(options.methods ?? builtInMethods),
    resolve: createResolver(() => core),
    async close() {
      await invalidations.close();
      await courier.close();
      if (courierStore !== store) await courierStore.close();
      await store.close();
    },
  };
  // every process delivers the queue, whichever process queued the mail
  courier.start();
  return core;
}

/** A finished mail in the tenant's mail log; a passcode that was not sent in the sign-in log too. */
async function recordOutcome(
  outcome: MailOutcome,
  mailLog: MailLog,
  signInLog: SignInLog,
): Promise<void> {
  const { mail } = outcome;
  await Promise.all([
    mailLog.record(outcome),
    outcome.status === 'not_sent' && mail.kind === 'passcode'
      ? signInLog.record(mail.scope, {
          email: mail.to,
          client: mail.client ?? '',
          method: 'otp',
          result: 'failure',
          reason: 'not_sent',
          ...(outcome.reason ? { detail: outcome.reason } : {}),
        })
      : undefined,
  ]);
}
