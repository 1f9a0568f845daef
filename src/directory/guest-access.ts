import { endAccount } from '../store/end-account.js';
import type { Keys } from '../store/keys.js';
import type { Store } from '../store/store.js';
import { Consents } from './consents.js';
import { Passkeys } from './passkeys.js';

/** What ending a guest's access removed. */
export interface EndedAccess {
  readonly passkeys: number;
  readonly consents: number;
  /** oidc-provider records: sessions and grants (each grant with its tokens) */
  readonly records: number;
}

/**
 * Ends everything a guest holds besides their record: their passkeys, their remembered
 * consents, and their sessions, grants and tokens. Run after the guest was deleted or reset
 * (so a passkey or consent added meanwhile finds no guest, or a guest who must sign in again).
 */
export async function endGuestAccess(
  store: Store,
  keys: Keys,
  scope: string,
  guestId: string,
): Promise<EndedAccess> {
  const passkeys = await new Passkeys(store, keys).removeAll(scope, guestId);
  const consents = await new Consents(store, keys).forgetAll(scope, guestId);
  const records = await endAccount(store, keys, scope, guestId);
  return { passkeys, consents, records };
}
