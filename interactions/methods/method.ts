import type { Guest } from '../../src/directory/guest.js';
import type { Tenant } from '../../src/directory/tenant.js';
import type { BlockedReason, Journey } from '../journey.js';
import type { JourneyServices, RouteContext, Step } from '../step.js';

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
}
