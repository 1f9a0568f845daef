import Koa from 'koa';
import type { Config } from '../../config/config.js';
import { adminApi } from '../admin/admin-api.js';
import { adminConsole } from '../console/admin-console.js';
import type { AdminServices } from '../admin/admin-services.js';
import { demoRoutes } from '../dev/demo-rp.js';
import { outboxRoutes } from '../dev/outbox-routes.js';
import { AdminKeys } from '../directory/admin-keys.js';
import { Clients } from '../directory/clients.js';
import { SigningKeys } from '../directory/signing-keys.js';
import { notFound } from '../http/errors.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { createCore } from '../plugin/core.js';
import type { CoreOptions } from '../plugin/core.js';
import { CookieKeys } from '../util/cookie-keys.js';
import { SecretBox } from '../util/secret-box.js';
import { byFirstSegment } from './first-segment.js';
import { health } from './health.js';
import { metricsEndpoint } from './metrics-endpoint.js';
import { landingPage } from './landing-page.js';
import { publicOrigin } from './public-origin.js';
import { requestFrame } from './request-frame.js';
import { signedTokenLifetimeSeconds } from './server-oidc-configuration.js';
import { TenantProviders } from './tenant-providers.js';
import { tenantRoutes } from './tenant-routes.js';

/** The Koa app of Guestpass, with what it was built from and a way to release it. */
export class GuestpassApp extends Koa {
  constructor(
    readonly services: AdminServices,
    /** what /metrics serves (src/server/metrics-endpoint.ts) */
    readonly metrics: PrometheusMetrics,
  ) {
    super({ proxy: services.config.trustProxy });
    // the same signatures as Koa's default Keygrip, each checked with one HMAC instead of three
    this.keys = new CookieKeys(services.config.cookieSecrets);
  }

  /** closes the store connection (the HTTP server is the caller's) */
  async close(): Promise<void> {
    await this.services.close();
  }
}

/** what a core may be given; the app counts into its own metrics (GuestpassApp.metrics) */
export type AppOptions = Omit<CoreOptions, 'metrics'>;

/**
 * The standalone multi-tenant server: one core (src/plugin/core.ts), one provider per tenant
 * configured through the plugin, the admin API, health, and the dev pages. The one entry for
 * main.ts and tests.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<GuestpassApp> {
  const metrics = new PrometheusMetrics();
  const core = await createCore(config, { ...options, metrics });
  const { store, keys, logger } = core;
  const clients = new Clients(
    store,
    keys,
    new SecretBox(config.cookieSecrets, 'client-secret'),
    core.clock,
    core.invalidations,
  );
  // SIGNING_KEYS=tenant: each tenant's own keys, sealed like client secrets
  const signingKeys =
    config.signingKeys === 'tenant'
      ? new SigningKeys(
          store,
          keys,
          new SecretBox(config.cookieSecrets, 'signing-key'),
          {
            alg: config.signingKeyAlg,
            overlapSeconds: config.signingKeyOverlapSeconds,
            tokenLifetimeSeconds: signedTokenLifetimeSeconds,
          },
          core.clock,
        )
      : undefined;
  const providers = new TenantProviders(core, clients, signingKeys);
  metrics.observeBuiltProviders(() => providers.built, config.providerCacheSize);
  const services: AdminServices = {
    ...core,
    clients,
    adminKeys: new AdminKeys(store, keys, core.clock),
    signingKeys,
    providerOf: async (tenant) => (await providers.get(tenant)).provider,
    mountOf: (tenant) => providers.mountOf(tenant),
  };

  const app = new GuestpassApp(services, metrics);
  app.use(requestFrame({ trustedProxies: config.trustedProxies, metrics, logger }));
  const api = adminApi(services);
  const dev = core.outbox && !config.production ? [outboxRoutes(core.outbox)] : [];
  const demo = config.seedDemo ? [demoRoutes(services)] : [];
  // the console and the tenants are served at PUBLIC_URL's origin
  const atPublicOrigin = publicOrigin(config.publicUrl);
  app.use(
    byFirstSegment(
      {
        healthz: [health(store)],
        readyz: [health(store)],
        metrics: [metricsEndpoint(metrics, config)],
        '': [landingPage(config)],
        // the admin console: /admin but /admin/v1, at PUBLIC_URL's origin, a client of the API
        admin: [adminConsole(services, api, atPublicOrigin), api],
        dev,
        demo,
        'demo-rp': demo,
      },
      // everything else is a tenant's (/{t}/…)
      [atPublicOrigin, tenantRoutes(core.tenants, providers, store)],
    ),
  );
  app.use(async (ctx) => {
    throw notFound(`nothing at ${ctx.path}`);
  });
  app.on('error', (error: Error) => logger.error('koa.error', { error: error.message }));
  return app;
}
