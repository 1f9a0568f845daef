import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { Config } from '../config/config.js';
import type { FormAction } from '../src/http/form-action.js';
import type { Guests } from '../src/directory/guests.js';
import type { Invitations } from '../src/directory/invitations.js';
import type { SignInLog } from '../src/directory/sign-in-log.js';
import type { Tenant } from '../src/directory/tenant.js';
import type { Tenants } from '../src/directory/tenants.js';
import type { Federation } from '../src/federation/federation.js';
import type { Mailer } from '../src/mail/mailer.js';
import type { Courier } from '../src/mail/courier/courier.js';
import type { Passcodes } from '../src/otp/passcodes.js';
import type { RateLimiter } from '../src/otp/rate-limiter.js';
import type { Keys } from '../src/store/keys.js';
import type { Store } from '../src/store/store.js';
import type { Clock } from '../src/util/clock.js';
import type { Logger } from '../src/util/logger.js';
import type { SafeHtml } from '../src/util/html.js';
import type { Presentation } from '../src/http/presentation.js';
import type { Guest } from '../src/directory/guest.js';
import type { BlockedReason, Journey, JourneyState, Journeys } from './journey.js';
import type { HeldWrites } from '../src/store/held-writes.js';

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
  /** the transport itself: mail the journey must send now (the courier is the usual way) */
  readonly mailer: Mailer;
  /** queues mail for delivery outside the request (src/mail/courier/) */
  readonly courier: Courier;
  readonly passcodes: Passcodes;
  readonly rateLimiter: RateLimiter;
  readonly federation: Federation;
  readonly methods: Methods;
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
  /** the guest's language and the organization's brand, chosen once for this request */
  readonly ui: Presentation;
  /**
   * the writes this request holds until it ends, sent then as one pipeline: the sign-in log's
   * entries (interactions/report.ts), the courier's, a remembered consent
   */
  readonly held: HeldWrites;
}

/** One request in one interaction of one organization. */
export interface StepContext extends RouteContext {
  readonly details: InteractionDetails;
  readonly journey: Journey;
  /** the URL of this interaction, or of one of its actions */
  url(action?: string): string;
  /** this interaction's CSRF token: every POST form of its pages carries it (field `csrf`) */
  readonly csrf: string;
  /** an action of this interaction as a form target: its URL and the CSRF token */
  action(name: string): FormAction;
  /** sends a page with a status */
  page(status: number, body: string): void;
  /**
   * saves the journey and shows its state's page in this answer (a reload re-posts an action
   * the new state does not take, which redirects to the interaction's page)
   */
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

/** Who is signing in: undefined guest = the address is not invited (it resolves like a pending guest). */
export interface ResolutionInput {
  readonly tenant: Tenant;
  readonly email: string;
  readonly guest: Guest | undefined;
}

/** A method takes the guest: where its part of the journey starts, and why (logged, explained). */
export interface MethodChoice {
  readonly method: string;
  readonly reason: string;
  /** the first state of the method's part (one of its steps' states) and its data */
  readonly start: Pick<Journey, 'state' | 'data'>;
  /** what the admin's resolve explanation adds (for example the federation rule) */
  readonly explain?: Readonly<Record<string, unknown>>;
}

/** No way in for this guest. */
export interface Blocked {
  readonly method: 'blocked';
  readonly blocked: BlockedReason;
  /** the method the guest redeemed with, when that one is turned off */
  readonly of?: string;
  readonly reason: string;
}

/** A route of a method outside the interaction pages (an upstream's callback), below the mount. */
export interface MethodRoute {
  readonly path: string;
  handle(rc: RouteContext): Promise<void>;
}

/**
 * A way in the identify page offers before any address is typed (passkeys): so choosing it
 * says nothing about who has one. Its form posts the identify step's `method` action with
 * the field `method` = the method's id.
 */
export interface IdentifyOption {
  /** what the identify page shows for it ('' for nothing) */
  render(sc: StepContext): SafeHtml | '';
  /** the journey once the guest chose it (its first state) */
  start(sc: StepContext): Promise<Journey>;
  /**
   * Optional: an answer the browser gave on the identify page itself (a passkey picked from
   * the address field's autofill), posted with the `method` action's `response` field; the
   * method signs the guest in or moves the journey on.
   */
  answer?(sc: StepContext, form: Form): Promise<void>;
}

/**
 * A sign-in method, in the spirit of Ory Kratos's self-service strategies: one folder under
 * interactions/methods/, one registration line in registry.ts. It owns its journey states
 * (steps), its routes, whether it applies to a tenant and guest, what it binds to a guest on
 * redemption (through `verified.binding`), and its claims (`amr`, `idp`).
 */
export interface SignInMethod {
  /** stored as the guest's `authMethod`, logged, and the sign-in log's `method` */
  readonly id: string;
  /** how pages name it ("one-time code") */
  readonly label: string;
  /** the ID token's amr (RFC 8176) */
  readonly amr: readonly string[];
  /** the ID token's idp for a guest who redeemed with it */
  idp(guest: Guest): string;
  readonly steps: readonly Step[];
  readonly routes?: readonly MethodRoute[];
  /** a guest who redeemed with this method: sign in with it again, or why not (sticky) */
  resume(input: ResolutionInput, services: JourneyServices): Promise<MethodChoice | Blocked>;
  /** a guest who has not redeemed: this method takes them, or undefined (ask the next) */
  offer(input: ResolutionInput, services: JourneyServices): Promise<MethodChoice | undefined>;
  /** whether a guest redeemed with it may still sign in (sessions, refresh tokens) */
  allows(tenant: Tenant, guest: Guest): boolean;
  /** a choice on the identify page, before any address (passkeys) */
  readonly identify?: IdentifyOption;
  /**
   * After a returning guest was verified (by any method): the first state of a page of its
   * own to show before returning to the app (the passkey offer), or undefined. Its actions
   * end with `completeSignIn` (interactions/steps/finish-sign-in.ts).
   */
  afterSignIn?(sc: StepContext, guest: Guest): Promise<Pick<Journey, 'state' | 'data'> | undefined>;
}

/** The methods in force, found by id (interactions/methods/registry.ts). */
export interface Methods {
  readonly all: readonly SignInMethod[];
  get(id: string | null | undefined): SignInMethod | undefined;
}

/** Resolution: how a guest signs in (interactions/resolve.ts). */
export type Resolver = (input: ResolutionInput) => Promise<MethodChoice | Blocked>;
