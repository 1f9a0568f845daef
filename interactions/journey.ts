import type { Keys } from '../src/store/keys.js';
import type { Store } from '../src/store/store.js';

/** Where a guest is in the sign-in journey (an explicit state, saved between requests). */
export type JourneyState =
  'identify' | 'otp-send' | 'otp-verify' | 'federation' | 'federated' | 'accept' | 'blocked';

export type BlockedReason = 'no-method' | 'otp-disabled';

/** The saved journey of one interaction; it expires with the interaction. */
export interface Journey {
  readonly state: JourneyState;
  /** the address the guest typed (or the relying party hinted) */
  readonly email?: string;
  /** the invited guest of that address; null when it is not invited (never shown) */
  readonly guestId?: string | null;
  readonly blocked?: BlockedReason;
  /** the federation rule the guest is sent to */
  readonly federationRule?: { readonly id: string; readonly source: 'tenant' | 'deployment' };
  /** how the guest proved who they are, once they did */
  readonly verifiedBy?: 'otp' | 'federation';
  /** the upstream identity, once federation verified it */
  readonly federation?: { readonly issuer: string; readonly subject: string };
  /** the guest chose "Use a different email": the relying party's login_hint no longer applies */
  readonly hintDeclined?: boolean;
}

export const initialJourney: Journey = Object.freeze({ state: 'identify' });

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
