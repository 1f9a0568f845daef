import Koa from 'koa';
import type { Config } from '../../config/config.js';
import { adminApi } from '../admin/admin-api.js';
import { Clients } from '../directory/clients.js';
import { Tenants } from '../directory/tenants.js';
import { createStore } from '../store/create-store.js';
import { createKeys } from '../store/keys.js';
import type { Store } from '../store/store.js';
import { createLogger } from '../util/logger.js';
import type { Logger } from '../util/logger.js';
import { SecretBox } from '../util/secret-box.js';
import { errorHandler } from './error-handler.js';
import { health } from './health.js';
import { notFound } from './http-error.js';
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
}

/** Builds the whole application from a Config: the one entry for main.ts, tests and embedders. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<GuestpassApp> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = options.store ?? (await createStore(config.redisUrl));
  const keys = createKeys(config.redisKeyPrefix);
  const tenants = new Tenants(store, keys);
  const clients = new Clients(store, keys, new SecretBox(config.cookieSecrets, 'client-secret'));
  const providers = new TenantProviders({
    config,
    store,
    keys,
    clients,
    logger,
    findAccount: () => async () => undefined,
  });
  const services: Services = { config, store, keys, logger, tenants, clients, providers };

  const app = new GuestpassApp(services);
  app.use(errorHandler(logger));
  app.use(securityHeaders);
  app.use(health(store));
  app.use(adminApi(services));
  app.use(tenantRoutes(services, []));
  app.use(async (ctx) => {
    throw notFound(`nothing at ${ctx.path}`);
  });
  app.on('error', (error: Error) => logger.error('koa.error', { error: error.message }));
  return app;
}
