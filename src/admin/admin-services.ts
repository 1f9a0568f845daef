import type Provider from 'oidc-provider';
import type { Mount } from '../../interactions/step.js';
import type { AdminKeys } from '../directory/admin-keys.js';
import type { Clients } from '../directory/clients.js';
import type { Tenant } from '../directory/tenant.js';
import type { GuestpassCore } from '../plugin/core.js';

/**
 * What the admin API (and the dev pages) use: the core's services plus what only the
 * standalone server has, handed in by it, so the admin API never imports the server.
 */
export interface AdminServices extends GuestpassCore {
  readonly clients: Clients;
  readonly adminKeys: AdminKeys;
  /** the tenant's provider (built on first use) */
  providerOf(tenant: Tenant): Provider;
  /** where the tenant's journey is mounted (links in mail, callbacks) */
  mountOf(tenant: Tenant): Mount;
}
