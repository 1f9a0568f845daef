import compose from 'koa-compose';
import type { Middleware } from 'koa';
import Provider from 'oidc-provider';
import type { FindAccount, KoaContextWithOIDC } from 'oidc-provider';
import type { Config } from '../../config/config.js';
import { oidcConfiguration } from '../../config/oidc-configuration.js';
import { errorPage } from '../http/error-page.js';
import { logoutPage, signedOutPage } from '../../interactions/views/logout-pages.js';
import type { Clients } from '../directory/clients.js';
import { invitationClient } from '../directory/invitation-client.js';
import { tenantScope } from '../directory/tenant.js';
import type { Tenant } from '../directory/tenant.js';
import { ClientAdapter } from '../store/client-adapter.js';
import type { Keys } from '../store/keys.js';
import { OidcAdapter } from '../store/oidc-adapter.js';
import type { Store } from '../store/store.js';
import { StoreUnavailableError } from '../store/store-unavailable-error.js';
import { Lru } from '../util/lru.js';
import type { Logger } from '../util/logger.js';

/** One tenant's provider and its middleware, composed once so requests only run it. */
export interface TenantProvider {
  readonly provider: Provider;
  readonly instance: string;
  /** the display name its pages and invitation client were built with */
  readonly organization: string;
  readonly handle: Middleware;
}

export interface ProviderDeps {
  config: Config;
  store: Store;
  keys: Keys;
  clients: Clients;
  logger: Logger;
  findAccount: (tenant: Tenant) => FindAccount;
}

/** ctx.state flag set when oidc-provider swallowed a store outage as server_error */
export const storeDownFlag = 'guestpassStoreDown';

/**
 * One oidc-provider instance per tenant, built on first use and kept in a bounded LRU.
 * A tenant deleted and created again (a new instance) gets a new provider.
 */
export class TenantProviders {
  readonly #cache: Lru<string, TenantProvider>;

  constructor(private readonly deps: ProviderDeps) {
    this.#cache = new Lru(deps.config.providerCacheSize);
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
    const { config, store, keys, clients, logger } = this.deps;
    const scope = tenantScope(tenant);
    const organization = tenant.displayName;
    const issuer = `${config.publicUrl}/${tenant.id}`;
    const provider = new Provider(
      issuer,
      oidcConfiguration({
        config,
        tenantId: tenant.id,
        staticClients: [invitationClient(issuer, organization)],
        adapter: (model: string) =>
          model === 'Client'
            ? new ClientAdapter(clients, scope)
            : new OidcAdapter(store, keys, scope, model),
        findAccount: this.deps.findAccount(tenant),
        async renderError(ctx, out) {
          ctx.type = 'html';
          ctx.body = errorPage({
            title: 'Sign-in error',
            message: out.error_description ?? 'The sign-in request could not be completed.',
            code: out.error,
            organization,
          });
        },
        async logoutSource(ctx: KoaContextWithOIDC, form: string) {
          ctx.type = 'html';
          ctx.body = logoutPage(form, organization);
        },
        async postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
          ctx.type = 'html';
          ctx.body = signedOutPage(organization);
        },
      }),
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
      handle: compose(provider.middleware) as Middleware,
    };
  }
}
