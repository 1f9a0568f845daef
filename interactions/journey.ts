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
  /** the signed-in guest waiting on the consent page (state `consent`) */
  readonly login?: { readonly accountId: string; readonly amr: string[] };
}

export const initialJourney: Journey = Object.freeze({ state: 'identify' });

/** An oidc-provider Interaction as the journey keeps its state in it. */
export interface JourneyInteraction {
  result?: Record<string, unknown> | undefined;
  exp?: number;
  save(ttl: number): Promise<unknown>;
}

/** what oidc-provider's Interaction model is to the journey: found by uid */
export interface InteractionStore {
  readonly Interaction: { find(uid: string): Promise<JourneyInteraction | undefined> };
}

/**
 * Where the journey lives: in its oidc-provider Interaction, under `result`, which the
 * provider stores with the interaction and reads back with it — so the page's one read of the
 * interaction reads the journey too, and the journey expires (and is gone) with it. Finishing
 * the interaction replaces `result` with the login outcome, which ends the journey.
 */
const field = 'guestpassJourney';

export function journeyOf(interaction: Pick<JourneyInteraction, 'result'>): Journey {
  const saved = interaction.result?.[field];
  return saved && typeof saved === 'object' ? (saved as Journey) : initialJourney;
}

/**
 * seconds the interaction has left, on oidc-provider's own clock (its `exp` is the system
 * clock's, so this is too); at least one
 */
export function remainingSeconds(interaction: Pick<JourneyInteraction, 'exp'>): number {
  return Math.max(1, (interaction.exp ?? 0) - Math.floor(Date.now() / 1000));
}

/** Saves a journey into an interaction read in this request: one write of the interaction. */
export async function saveJourney(
  interaction: JourneyInteraction,
  journey: Journey,
): Promise<void> {
  interaction.result = { [field]: journey };
  await interaction.save(remainingSeconds(interaction));
}

/**
 * Journeys by interaction uid, for routes outside the interaction's pages (an upstream's
 * callback, a method's own link): they read the interaction, and write it back.
 */
export class Journeys {
  async load(provider: InteractionStore, uid: string): Promise<Journey> {
    const interaction = await provider.Interaction.find(uid);
    return interaction ? journeyOf(interaction) : initialJourney;
  }

  /** false when the interaction is gone (expired or finished): nothing to continue */
  async save(provider: InteractionStore, uid: string, journey: Journey): Promise<boolean> {
    const interaction = await provider.Interaction.find(uid);
    if (!interaction) return false;
    await saveJourney(interaction, journey);
    return true;
  }
}
