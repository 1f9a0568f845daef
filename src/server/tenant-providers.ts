import compose from 'koa-compose';
import type { Middleware } from 'koa';
import Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Mount } from '../../interactions/step.js';
import type { Clients } from '../directory/clients.js';
import type { ProviderKeys, SigningKeys } from '../directory/signing-keys.js';
import { tenantScope } from '../directory/tenant.js';
import type { Tenant } from '../directory/tenant.js';
import type { GuestpassCore } from '../plugin/core.js';
import { organizationJourney } from '../plugin/organization-journey.js';
import { OidcAdapter } from '../store/oidc-adapter.js';
import { StoreUnavailableError } from '../store/store-unavailable-error.js';
import { CookieKeys } from '../util/cookie-keys.js';
import { Lru } from '../util/lru.js';
import { ClientAdapter } from './client-adapter.js';
import { logoutPage, signedOutPage } from './logout-pages.js';
import { presentationOf } from '../http/presentation.js';
import { showPage } from '../http/show-page.js';
import { metadataCache } from './metadata-cache.js';
import { reuseBuiltClients } from './reuse-built-clients.js';
import { deploymentKeys, serverOidcConfiguration } from './server-oidc-configuration.js';

/** One tenant's provider, its journey routes and its middleware, composed once. */
export interface TenantProvider {
  readonly provider: Provider;
  readonly instance: string;
  /** the display name its pages and invitation client were built with */
  readonly organization: string;
  /** the signing keys it was built with (ProviderKeys.fingerprint) */
  readonly keys: string;
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
 * again (a new instance) gets a new provider, and so does a tenant whose signing keys changed
 * (a rotation published a key, a key started signing or was withdrawn).
 */
export class TenantProviders {
  readonly #cache: Lru<string, TenantProvider>;
  readonly #deploymentKeys: ProviderKeys;

  constructor(
    private readonly core: GuestpassCore,
    private readonly clients: Clients,
    /** each tenant's own keys (SIGNING_KEYS=tenant); undefined: the deployment's keys */
    private readonly signingKeys: SigningKeys | undefined,
  ) {
    this.#cache = new Lru(core.config.providerCacheSize);
    this.#deploymentKeys = deploymentKeys(core.config);
  }

  /** how many providers are built and kept (at most PROVIDER_CACHE_SIZE) */
  get built(): number {
    return this.#cache.size;
  }

  /** where tenant t's journey lives: `/{t}` below PUBLIC_URL */
  mountOf(tenant: Pick<Tenant, 'id'>): Mount {
    return { path: `/${tenant.id}`, base: `${this.core.config.publicUrl}/${tenant.id}` };
  }

  async get(tenant: Tenant): Promise<TenantProvider> {
    const signing = this.signingKeys
      ? await this.signingKeys.current(tenantScope(tenant), tenant.id)
      : this.#deploymentKeys;
    const cached = this.#cache.get(tenant.id);
    // a rename rebuilds too: pages and the invitation client carry the display name
    if (
      cached &&
      cached.instance === tenant.instance &&
      cached.organization === tenant.displayName &&
      cached.keys === signing.fingerprint
    )
      return cached;
    const built = this.#build(tenant, signing);
    this.#cache.set(tenant.id, built);
    return built;
  }

  #build(tenant: Tenant, signing: ProviderKeys): TenantProvider {
    const { config, store, keys, logger } = this.core;
    const scope = tenantScope(tenant);
    const organization = tenant.displayName;
    const mount = this.mountOf(tenant);
    const journey = organizationJourney(this.core, { tenant, mount });
    const clientAdapter = new ClientAdapter(this.clients, scope, {
      jwksUriHosts: config.clientJwksUriHosts,
    });
    const provider = new Provider(
      mount.base,
      journey.configuration(
        serverOidcConfiguration({
          config,
          tenantId: tenant.id,
          jwks: signing.jwks(),
          signingAlg: signing.alg,
          adapter: (model: string) =>
            model === 'Client'
              ? clientAdapter
              : new OidcAdapter(store, keys, scope, model, (id) => keys.guest(scope, id)),
          async logoutSource(ctx: KoaContextWithOIDC, form: string) {
            const ui = presentationOf(ctx);
            showPage(ctx, 200, logoutPage(form, organization, ui));
          },
          async postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
            showPage(ctx, 200, signedOutPage(organization, presentationOf(ctx)));
          },
        }),
      ),
    );
    provider.proxy = config.trustProxy;
    reuseBuiltClients(provider, (id) => clientAdapter.kept(id));
    // the cookies it reads itself (interactionDetails): one HMAC a check (src/util/cookie-keys.ts)
    provider.keys = new CookieKeys(config.cookieSecrets);
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
      keys: signing.fingerprint,
      journey: journey.routes(provider),
      handle: compose([
        metadataCache(config.metadataCacheSeconds),
        ...provider.middleware,
      ]) as Middleware,
    };
  }
}
