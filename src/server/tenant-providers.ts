import compose from 'koa-compose';
import type { Middleware } from 'koa';
import Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Mount } from '../../interactions/step.js';
import type { Clients } from '../directory/clients.js';
import { tenantScope } from '../directory/tenant.js';
import type { Tenant } from '../directory/tenant.js';
import type { GuestpassCore } from '../plugin/core.js';
import { organizationJourney } from '../plugin/organization-journey.js';
import { OidcAdapter } from '../store/oidc-adapter.js';
import { StoreUnavailableError } from '../store/store-unavailable-error.js';
import { Lru } from '../util/lru.js';
import { ClientAdapter } from './client-adapter.js';
import { logoutPage, signedOutPage } from './logout-pages.js';
import { serverOidcConfiguration } from './server-oidc-configuration.js';

/** One tenant's provider, its journey routes and its middleware, composed once. */
export interface TenantProvider {
  readonly provider: Provider;
  readonly instance: string;
  /** the display name its pages and invitation client were built with */
  readonly organization: string;
  /** the journey's pages and callbacks (full paths); other requests go on to `next` */
  readonly journey: Middleware;
  /** the provider's own middleware, run mounted below `/{t}` */
  readonly handle: Middleware;
}

/** ctx.state flag set when oidc-provider swallowed a store outage as server_error */
export const storeDownFlag = 'guestpassStoreDown';

/**
 * One oidc-provider instance per tenant, built on first use and kept in a bounded LRU, each
 * configured through the plugin (src/plugin/organization-journey.ts): the standalone
 * server is one host of the same journey a plugin host gets. A tenant deleted and created
 * again (a new instance) gets a new provider.
 */
export class TenantProviders {
  readonly #cache: Lru<string, TenantProvider>;

  constructor(
    private readonly core: GuestpassCore,
    private readonly clients: Clients,
  ) {
    this.#cache = new Lru(core.config.providerCacheSize);
  }

  /** where tenant t's journey lives: `/{t}` below PUBLIC_URL */
  mountOf(tenant: Pick<Tenant, 'id'>): Mount {
    return { path: `/${tenant.id}`, base: `${this.core.config.publicUrl}/${tenant.id}` };
  }

  get(tenant: Tenant): TenantProvider {
    const cached = this.#cache.get(tenant.id);
    // a rename rebuilds too: pages and the invitation client carry the display name
    if (cached && cached.instance === tenant.instance && cached.organization === tenant.displayName)
      return cached;
    const built = this.#build(tenant);
    this.#cache.set(tenant.id, built);
    return built;
  }

  #build(tenant: Tenant): TenantProvider {
    const { config, store, keys, logger } = this.core;
    const scope = tenantScope(tenant);
    const organization = tenant.displayName;
    const mount = this.mountOf(tenant);
    const journey = organizationJourney(this.core, { tenant, mount });
    const provider = new Provider(
      mount.base,
      journey.configuration(
        serverOidcConfiguration({
          config,
          tenantId: tenant.id,
          adapter: (model: string) =>
            model === 'Client'
              ? new ClientAdapter(this.clients, scope)
              : new OidcAdapter(store, keys, scope, model),
          async logoutSource(ctx: KoaContextWithOIDC, form: string) {
            ctx.type = 'html';
            ctx.body = logoutPage(form, organization);
          },
          async postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
            ctx.type = 'html';
            ctx.body = signedOutPage(organization);
          },
        }),
      ),
    );
    provider.proxy = config.trustProxy;
    provider.on('server_error', (ctx: KoaContextWithOIDC, error: Error) => {
      if (error instanceof StoreUnavailableError) {
        ctx.state[storeDownFlag] = true;
        return;
      }
      logger.error('oidc.server_error', {
        tenant: tenant.id,
        path: ctx.path,
        error: error.message,
        stack: error.stack,
      });
    });
    return {
      provider,
      instance: tenant.instance,
      organization,
      journey: journey.routes(provider),
      handle: compose(provider.middleware) as Middleware,
    };
  }
}
