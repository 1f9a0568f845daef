import type { Keys } from '../src/store/keys.js';
import type { Store } from '../src/store/store.js';

/**
 * Where a guest is in the sign-in journey: an explicit state, saved between requests.
 * The journey owns `identify`, `accept` and `blocked`; every other state belongs to one
 * sign-in method (interactions/methods/<id>/), which names its states `<id>:<name>`.
 */
export type JourneyState = string;

/** Why resolution found no way in. */
export type BlockedReason = 'no-method' | 'method-disabled';

/** An identity a method bound to the guest on redemption (an upstream issuer and subject). */
export interface Binding {
  readonly issuer: string;
  readonly subject: string;
}

/** The saved journey of one interaction; it expires with the interaction. */
export interface Journey {
  readonly state: JourneyState;
  /** the address the guest typed (or the relying party hinted) */
  readonly email?: string;
  /** the invited guest of that address; null when it is not invited (never shown) */
  readonly guestId?: string | null;
  readonly blocked?: { readonly reason: BlockedReason; readonly method?: string };
  /** the method resolution chose */
  readonly method?: string;
  /** what that method keeps between its requests (JSON) */
  readonly data?: Readonly<Record<string, unknown>>;
  /** how the guest proved who they are, once they did, and what that method binds */
  readonly verified?: { readonly method: string; readonly binding?: Binding };
  /** the guest chose "Use a different email": the relying party's login_hint no longer applies */
  readonly hintDeclined?: boolean;
}

export const initialJourney: Journey = Object.freeze({ state: 'identify' });

/** Journeys by interaction uid, each expiring with its interaction. */
export class Journeys {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly ttlSeconds: number,
  ) {}

  async load(scope: string, uid: string): Promise<Journey> {
    const raw = await this.store.get(this.keys.journey(scope, uid));
    return raw ? (JSON.parse(raw) as Journey) : initialJourney;
  }

  async save(scope: string, uid: string, journey: Journey): Promise<void> {
    await this.store.set(this.keys.journey(scope, uid), JSON.stringify(journey), {
      ttlSeconds: this.ttlSeconds,
    });
  }

  async delete(scope: string, uid: string): Promise<void> {
    await this.store.del(this.keys.journey(scope, uid));
  }
}
