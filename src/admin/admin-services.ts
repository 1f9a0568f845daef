import type Provider from 'oidc-provider';
import type { Mount } from '../../interactions/step.js';
import type { AdminKeys } from '../directory/admin-keys.js';
import type { Clients } from '../directory/clients.js';
import type { SigningKeys } from '../directory/signing-keys.js';
import type { Tenant } from '../directory/tenant.js';
import type { GuestpassCore } from '../plugin/core.js';

/**
 * What the admin API (and the dev pages) use: the core's services plus what only the
 * standalone server has, handed in by it, so the admin API never imports the server.
 */
export interface AdminServices extends GuestpassCore {
  readonly clients: Clients;
  readonly adminKeys: AdminKeys;
  /** each tenant's own signing keys (SIGNING_KEYS=tenant); undefined: the deployment's */
  readonly signingKeys: SigningKeys | undefined;
  /** the tenant's provider (built on first use, and again when its signing keys change) */
  providerOf(tenant: Tenant): Promise<Provider>;
  /** where the tenant's journey is mounted (links in mail, callbacks) */
  mountOf(tenant: Tenant): Mount;
}
