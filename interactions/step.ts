import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { Config } from '../config/config.js';
import type { Guests } from '../src/directory/guests.js';
import type { Invitations } from '../src/directory/invitations.js';
import type { SignInLog } from '../src/directory/sign-in-log.js';
import type { Tenant } from '../src/directory/tenant.js';
import type { Tenants } from '../src/directory/tenants.js';
import type { Federation } from '../src/federation/federation.js';
import type { Mailer } from '../src/mail/mailer.js';
import type { DeliveryTiming } from '../src/otp/delivery-timing.js';
import type { Passcodes } from '../src/otp/passcodes.js';
import type { RateLimiter } from '../src/otp/rate-limiter.js';
import type { Keys } from '../src/store/keys.js';
import type { Store } from '../src/store/store.js';
import type { Clock } from '../src/util/clock.js';
import type { Logger } from '../src/util/logger.js';
import type { Journey, JourneyState, Journeys } from './journey.js';
import type { MethodRegistry } from './methods/registry.js';
import type { Resolver } from './resolve.js';

/** What the journey and its sign-in methods use: domain services, never the server. */
export interface JourneyServices {
  readonly config: Config;
  readonly store: Store;
  readonly keys: Keys;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly tenants: Tenants;
  readonly guests: Guests;
  readonly invitations: Invitations;
  readonly journeys: Journeys;
  readonly signInLog: SignInLog;
  readonly mailer: Mailer;
  readonly passcodes: Passcodes;
  readonly rateLimiter: RateLimiter;
  readonly deliveryTiming: DeliveryTiming;
  readonly federation: Federation;
  readonly methods: MethodRegistry;
  readonly resolve: Resolver;
}

/**
 * Where one organization's journey is mounted: `path` is the prefix of its routes on the
 * host ('' for a provider at the root, `/{tenant}` on the standalone server) and `base` the
 * public URL of that prefix (links in mail, callbacks registered upstream).
 */
export interface Mount {
  readonly path: string;
  readonly base: string;
}

export type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;

/** One request to a route of one organization (the journey's own or a method's). */
export interface RouteContext {
  readonly ctx: Context;
  readonly services: JourneyServices;
  readonly tenant: Tenant;
  readonly scope: string;
  readonly provider: Provider;
  readonly mount: Mount;
}

/** One request in one interaction of one organization. */
export interface StepContext extends RouteContext {
  readonly details: InteractionDetails;
  readonly journey: Journey;
  /** the URL of this interaction, or of one of its actions */
  url(action?: string): string;
  /** sends a page with a status */
  page(status: number, body: string): void;
  /** saves the journey and shows it again (303 to GET, so reloads never re-post) */
  advance(journey: Journey): Promise<void>;
  /** ends the interaction with a result for oidc-provider and returns the guest to it */
  finish(result: Record<string, unknown>): Promise<void>;
}

export type Form = Record<string, string>;

/** One step of the journey: the states it shows and the form actions it takes. */
export interface Step {
  readonly name: string;
  readonly states: readonly JourneyState[];
  render(sc: StepContext): Promise<void>;
  readonly actions: Readonly<Record<string, (sc: StepContext, form: Form) => Promise<void>>>;
}
