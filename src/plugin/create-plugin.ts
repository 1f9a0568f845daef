import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type { Configuration } from 'oidc-provider';
import { inviteGuest } from '../../interactions/invite-guest.js';
import type { InviteResult } from '../../interactions/invite-guest.js';
import { guestView } from '../directory/guest.js';
import { guestPageQuery } from '../directory/guest-order.js';
import { invitationInput } from '../directory/invitation-input.js';
import { tenantIdPattern, tenantScope } from '../directory/tenant.js';
import type { Tenant } from '../directory/tenant.js';
import { ConfigError } from '../../config/load-config.js';
import { notFound } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { endGuestAccess } from '../directory/guest-access.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { createCore } from './core.js';
import type { GuestpassCore } from './core.js';
import { organizationJourney } from './organization-journey.js';
import { pluginConfig } from './plugin-options.js';
import type { GuestpassPluginOptions } from './plugin-options.js';

type GuestView = ReturnType<typeof guestView>;

/** The exposition of the plugin's metrics (GuestpassPlugin.metrics). */
export interface PluginMetrics {
  /** the exposition text (Prometheus text format 0.0.4) */
  text(): Promise<string>;
  readonly contentType: string;
}

/** the `metrics` option (checked by pluginConfig): a registry of the plugin's own, or none */
function pluginMetrics(option: GuestpassPluginOptions['metrics']): PrometheusMetrics | undefined {
  if (!option) return undefined;
  return new PrometheusMetrics({
    processMetrics: option !== true && !!option.processMetrics,
    server: false,
  });
}

/** Guestpass's guest journey for a node-oidc-provider the host runs. */
export interface GuestpassPlugin {
  /** the host's configuration with the journey merged in, for `new Provider(issuer, …)` */
  configuration(host?: Configuration): Configuration;
  /** koa middleware: interaction pages, invitation links, federation callback */
  routes(provider: Provider): Middleware;
  readonly invitations: {
    /** invites an address (or re-invites its guest): a redemption link, mailed by default */
    create(input: {
      email: string;
      redirectUrl: string;
      displayName?: string;
      sendEmail?: boolean;
      /** invite even when no sign-in method would apply (else a 409 no_sign_in_method error) */
      force?: boolean;
    }): Promise<{ guest: GuestView; created: boolean; redeemUrl: string; emailSent: boolean }>;
  };
  readonly guests: {
    /** every guest, oldest invitation first */
    list(): Promise<GuestView[]>;
    /** a page of guests, newest invitation first (as the admin API's `?limit=&cursor=`) */
    page(options?: {
      limit?: number;
      cursor?: string;
    }): Promise<{ items: GuestView[]; next: string | null; total: number }>;
    find(id: string): Promise<GuestView | undefined>;
    /** removes the guest and ends their sessions, grants and tokens, passkeys and consents at once */
    delete(id: string): Promise<void>;
  };
  /**
   * the journey's Prometheus metrics (README "Metrics"), when the `metrics` option asked for
   * them: the host serves `text()` with `contentType` on a route of its own (after its own
   * registry's text, if it has one). HTTP requests are the host's to time.
   */
  readonly metrics: PluginMetrics | undefined;
  /** the services the journey runs on (for advanced hosts and tests) */
  readonly core: GuestpassCore;
  /** closes the store connection */
  close(): Promise<void>;
}

/** The organization's tenant record: created on first start, renamed and re-policied as the options say. */
async function organizationTenant(
  core: GuestpassCore,
  options: GuestpassPluginOptions,
): Promise<Tenant> {
  const { id, name } = options.organization;
  let tenant = (await core.tenants.find(id)) ?? (await core.tenants.create(id, name));
  tenant ??= await core.tenants.find(id);
  if (!tenant) throw new Error(`guestpass: the organization "${id}" could not be stored`);
  const policy = options.policy ?? tenant.policy;
  if (tenant.displayName !== name || policy.emailOtp.enabled !== tenant.policy.emailOtp.enabled) {
    tenant = await core.tenants.update(tenant, { displayName: name, policy });
  }
  return tenant;
}

/**
 * Guestpass as a plugin of a node-oidc-provider you own: federation first, the email
 * passcode as the fallback, invitations, the same rules as the standalone server (which is
 * built on this same journey). See examples/plugin/.
 */
export async function createGuestpassPlugin(
  options: GuestpassPluginOptions,
): Promise<GuestpassPlugin> {
  const id = options.organization?.id;
  if (typeof id !== 'string' || !tenantIdPattern.test(id)) {
    throw new ConfigError([
      `organization.id: must match ${tenantIdPattern} (lower-case letters, digits, dashes)`,
    ]);
  }
  if (typeof options.organization.name !== 'string' || !options.organization.name.trim()) {
    throw new ConfigError(['organization.name: required, the name guests see']);
  }
  const config = await pluginConfig(options);
  const metrics = pluginMetrics(options.metrics);
  const core = await createCore(config, {
    store: options.store,
    logger: options.logger,
    mailer: options.mailer,
    clock: options.clock,
    methods: options.methods,
    metrics,
  });
  const tenant = await organizationTenant(core, options);
  const mount = {
    path: new URL(config.publicUrl).pathname.replace(/\/+$/, ''),
    base: config.publicUrl,
  };
  const journey = organizationJourney(core, { tenant, mount });
  const current = async () => {
    const found = await core.tenants.find(tenant.id);
    if (!found) throw notFound(`the organization "${tenant.id}" no longer exists`);
    return found;
  };
  const scope = async () => tenantScope(await current());

  return {
    configuration: (host) => journey.configuration(host),
    routes: (provider) => journey.routes(provider),
    invitations: {
      async create(input) {
        const valid = validate(invitationInput, input);
        const result: InviteResult = await inviteGuest(core, await current(), mount, valid);
        return { ...result, guest: guestView(result.guest) };
      },
    },
    guests: {
      list: async () => (await core.guests.list(await scope())).map(guestView),
      async page(options = {}) {
        const { limit, cursor } = validate(guestPageQuery, options);
        const page = await core.guests.page(await scope(), limit, cursor);
        return { ...page, items: page.items.map(guestView) };
      },
      async find(guestId) {
        const guest = await core.guests.find(await scope(), guestId);
        return guest && guestView(guest);
      },
      async delete(guestId) {
        const s = await scope();
        const guest = await core.guests.find(s, guestId);
        if (!guest) throw notFound(`guest "${guestId}" does not exist`);
        await core.guests.delete(s, guest);
        await endGuestAccess(core.store, core.keys, s, guest.id);
      },
    },
    metrics: metrics && { text: () => metrics.text(), contentType: metrics.contentType },
    core,
    close: () => core.close(),
  };
}
