import type { Config } from '../../config/config.js';
import type { Journeys } from '../../interactions/journey.js';
import type { Resolver } from '../../interactions/resolve.js';
import type { AdminKeys } from '../directory/admin-keys.js';
import type { Clients } from '../directory/clients.js';
import type { Guests } from '../directory/guests.js';
import type { Invitations } from '../directory/invitations.js';
import type { SignInLog } from '../directory/sign-in-log.js';
import type { Tenants } from '../directory/tenants.js';
import type { Federation } from '../federation/federation.js';
import type { Mailer } from '../mail/mailer.js';
import type { Outbox } from '../mail/outbox.js';
import type { DeliveryTiming } from '../otp/delivery-timing.js';
import type { Passcodes } from '../otp/passcodes.js';
import type { RateLimiter } from '../otp/rate-limiter.js';
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
  readonly guests: Guests;
  readonly invitations: Invitations;
  readonly adminKeys: AdminKeys;
  readonly providers: TenantProviders;
  readonly mailer: Mailer;
  /** the dev outbox, when MAIL_TRANSPORT=outbox */
  readonly outbox: Outbox | undefined;
  readonly passcodes: Passcodes;
  readonly rateLimiter: RateLimiter;
  readonly deliveryTiming: DeliveryTiming;
  readonly journeys: Journeys;
  readonly resolve: Resolver;
  readonly signInLog: SignInLog;
  readonly federation: Federation;
}
