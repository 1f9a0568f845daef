import Cookies from 'cookies';
import type { Context, Middleware, Next } from 'koa';
import type Provider from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { authorizationLimited } from '../../interactions/authorization-limit.js';
import { journeyRoutes } from '../../interactions/journey-routes.js';
import type { Mount, RouteContext } from '../../interactions/step.js';
import { tenantScope } from '../directory/tenant.js';
import type { Tenant } from '../directory/tenant.js';
import { notFound } from '../http/errors.js';
import { logFailure } from '../http/log-failure.js';
import { renderError } from '../http/render-error.js';
import { choosePresentation } from '../http/presentation.js';
import { holdingWrites } from '../store/held-writes.js';
import { CookieKeys } from '../util/cookie-keys.js';
import type { GuestpassCore } from './core.js';
import { journeyConfiguration } from './journey-configuration.js';

/** The guest journey of one organization, for one provider the host builds and mounts. */
export interface OrganizationJourney {
  /** the host's oidc-provider configuration with what the journey needs merged in */
  configuration(host?: Configuration): Configuration;
  /** koa middleware serving the journey's pages and callbacks; other requests pass through */
  routes(provider: Provider): Middleware;
}

/** where the journey's routes start below the mount */
const journeyPrefixes = ['/interaction/', '/invite/'];

/**
 * One organization (a tenant) served by a provider: the plugin has one, the standalone server
 * one per tenant. The tenant record is read on each journey request (the server's router
 * leaves it in ctx.state), so a policy change applies on the next request.
 */
export function organizationJourney(
  core: GuestpassCore,
  organization: { tenant: Tenant; mount: Mount },
): OrganizationJourney {
  const { mount } = organization;
  const id = organization.tenant.id;
  const handle = journeyRoutes(core.methods);
  const methodPaths = new Set(core.methods.all.flatMap((m) => (m.routes ?? []).map((r) => r.path)));
  // Keygrip's signatures, checked with one HMAC (src/util/cookie-keys.ts)
  const keys = new CookieKeys(core.config.cookieSecrets);

  async function currentTenant(ctx: Context | KoaContextWithOIDC | undefined) {
    const routed = ctx?.state?.tenant as Tenant | undefined;
    return routed?.id === id ? routed : core.tenants.find(id);
  }

  const ours = (rest: string) =>
    methodPaths.has(rest) || journeyPrefixes.some((prefix) => rest.startsWith(prefix));

  return {
    configuration(host) {
      return journeyConfiguration(
        core,
        { tenant: organization.tenant, mount, currentTenant },
        host,
      );
    },

    routes(provider) {
      // each authorization request may store an interaction: limited per client address
      const authorization = provider.pathFor('authorization', { mountPath: '' });
      return async function guestJourney(ctx: Context, next: Next) {
        const rest = ctx.path.startsWith(`${mount.path}/`)
          ? ctx.path.slice(mount.path.length)
          : undefined;
        const atAuthorization = rest === authorization;
        if (!atAuthorization && (rest === undefined || !ours(rest))) return next();
        let organization: string | undefined;
        // whatever fails in the journey's own work (the store down too) is rendered here, by
        // the one renderer: a host's app need not have an error handler of its own. Its
        // writes go out together when it ends (src/store/held-writes.ts)
        try {
          const answered = await holdingWrites(core.store, async (held) => {
            const tenant = await currentTenant(ctx);
            organization = tenant?.displayName;
            if (atAuthorization) return authorizationLimited(core, ctx, tenant);
            if (!tenant) throw notFound(`unknown organization "${id}"`);
            // the journey signs its own cookies: the host's app need not have keys
            ctx.cookies = new Cookies(ctx.req, ctx.res, { keys, secure: ctx.secure });
            const rc: RouteContext = {
              ctx,
              services: core,
              tenant,
              scope: tenantScope(tenant),
              provider,
              mount,
              // an interaction's pages refine it with the request's ui_locales (interaction-routes.ts)
              ui: choosePresentation(ctx, tenant),
              held,
            };
            return handle(rc, rest ?? '');
          });
          if (answered) return;
        } catch (error) {
          const rendered = renderError(ctx, error, { organization });
          logFailure(core.logger, ctx, rendered.status, error);
          return;
        }
        await next();
      };
    },
  };
}
