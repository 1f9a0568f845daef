import type { Config } from '../../config/config.js';
import type { Clients } from '../directory/clients.js';
import type { Tenants } from '../directory/tenants.js';
import type { Keys } from '../store/keys.js';
import type { Store } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import type { TenantProviders } from './tenant-providers.js';

/** Everything a request handler may use, built once by createApp. */
export interface Services {
  readonly config: Config;
  readonly store: Store;
  readonly keys: Keys;
  readonly logger: Logger;
  readonly tenants: Tenants;
  readonly clients: Clients;
  readonly providers: TenantProviders;
}
