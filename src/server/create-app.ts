import Koa from 'koa';
import type { Config } from '../../config/config.js';
import { interactionRoutes } from '../../interactions/interaction-routes.js';
import { federationCallback } from '../../interactions/federation-callback.js';
import { invitationRoutes } from '../../interactions/invitation-routes.js';
import { Journeys } from '../../interactions/journey.js';
import {
  createResolver,
  federationRule,
  passcodeRule,
  stickyRule,
} from '../../interactions/resolve.js';
import { acceptStep } from '../../interactions/steps/accept.js';
import { blockedStep } from '../../interactions/steps/blocked.js';
import { consentStep } from '../../interactions/steps/consent.js';
import { federationStep } from '../../interactions/steps/federation.js';
import { identifyStep } from '../../interactions/steps/identify.js';
import { passcodeStep } from '../../interactions/steps/passcode.js';
import { adminApi } from '../admin/admin-api.js';
import { demoRoutes } from '../dev/demo-rp.js';
import { outboxRoutes } from '../dev/outbox-routes.js';
import { guestAccounts } from '../directory/accounts.js';
import { AdminKeys } from '../directory/admin-keys.js';
import { Clients } from '../directory/clients.js';
import { Guests } from '../directory/guests.js';
import { Invitations } from '../directory/invitations.js';
import { SignInLog } from '../directory/sign-in-log.js';
import { Tenants } from '../directory/tenants.js';
import { Federation } from '../federation/federation.js';
import { FederationRules } from '../federation/federation-rules.js';
import { Upstreams } from '../federation/upstreams.js';
import { createMailer } from '../mail/create-mailer.js';
import type { Mailer } from '../mail/mailer.js';
import { Outbox } from '../mail/outbox.js';
import { DeliveryTiming } from '../otp/delivery-timing.js';
import { Passcodes } from '../otp/passcodes.js';
import { RateLimiter } from '../otp/rate-limiter.js';
import { createStore } from '../store/create-store.js';
import { createKeys } from '../store/keys.js';
import type { Store } from '../store/store.js';
import { createLogger } from '../util/logger.js';
import type { Logger } from '../util/logger.js';
import { SecretBox } from '../util/secret-box.js';
import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';
import { errorHandler } from './error-handler.js';
import { health } from './health.js';
import { notFound } from '../http/errors.js';
import { securityHeaders } from './security-headers.js';
import type { Services } from './services.js';
import { TenantProviders } from './tenant-providers.js';
import { tenantRoutes } from './tenant-routes.js';

/** The Koa app of Guestpass, with what it was built from and a way to release it. */
export class GuestpassApp extends Koa {
  constructor(readonly services: Services) {
    super({ proxy: services.config.trustProxy, keys: [...services.config.cookieSecrets] });
  }

  /** closes the store connection (the HTTP server is the caller's) */
  async close(): Promise<void> {
    await this.services.store.close();
  }
}

export interface AppOptions {
  /** a store to use instead of the configured one (tests of the embedded store) */
  store?: Store;
  logger?: Logger;
  /** a mailer to use instead of the configured transport */
  mailer?: Mailer;
  /** where time comes from (tests move it instead of sleeping) */
  clock?: Clock;
}

/** interactions live as long as oidc-provider's (config/oidc-configuration.ts) */
const journeyTtlSeconds = 3600;

/** Builds the whole application from a Config: the one entry for main.ts, tests and embedders. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<GuestpassApp> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = options.store ?? (await createStore(config.redisUrl));
  const keys = createKeys(config.redisKeyPrefix);
  const clock = options.clock ?? systemClock;
  const tenants = new Tenants(store, keys, clock);
  const clients = new Clients(store, keys, new SecretBox(config.cookieSecrets, 'client-secret'));
  const guests = new Guests(store, keys, clock);
  const outbox = config.mail.transport === 'outbox' ? new Outbox() : undefined;
  const providers = new TenantProviders({
    config,
    store,
    keys,
    clients,
    logger,
    findAccount: (tenant) => guestAccounts(guests, tenant),
  });
  const federation = new Federation(
    new FederationRules(store, keys, new SecretBox(config.cookieSecrets, 'federation-secret')),
    new Upstreams(config.federationTimeoutSeconds),
    config.federationRules,
  );
  const services: Services = {
    config,
    store,
    keys,
    logger,
    tenants,
    clients,
    guests,
    invitations: new Invitations(store, keys, config.invitationTtlSeconds, clock),
    adminKeys: new AdminKeys(store, keys),
    providers,
    mailer: options.mailer ?? createMailer(config.mail, logger, outbox),
    outbox,
    passcodes: new Passcodes(store, keys, config.otp, config.cookieSecrets[0] ?? '', clock),
    rateLimiter: new RateLimiter(store, keys, clock),
    deliveryTiming: new DeliveryTiming(),
    journeys: new Journeys(store, keys, journeyTtlSeconds),
    resolve: createResolver([stickyRule, federationRule, passcodeRule], (tenant) =>
      federation.rulesInForce(tenant),
    ),
    signInLog: new SignInLog(store, keys, clock),
    federation,
  };

  const app = new GuestpassApp(services);
  app.use(errorHandler(logger));
  app.use(securityHeaders);
  app.use(health(store));
  app.use(adminApi(services));
  if (outbox && !config.production) app.use(outboxRoutes(outbox));
  if (config.seedDemo) app.use(demoRoutes(services));
  app.use(
    tenantRoutes(services, [
      invitationRoutes(services),
      federationCallback(services),
      interactionRoutes(
        services,
        [identifyStep, passcodeStep, federationStep, acceptStep, blockedStep],
        consentStep,
      ),
    ]),
  );
  app.use(async (ctx) => {
    throw notFound(`nothing at ${ctx.path}`);
  });
  app.on('error', (error: Error) => logger.error('koa.error', { error: error.message }));
  return app;
}
