import type { Keys } from './keys.js';
import { oidcRevokeGrant } from './scripts/oidc-revoke-grant.js';
import type { Store } from './store.js';

/**
 * Ends everything oidc-provider holds for one account: its sessions, its grants and every
 * token of those grants (access, refresh, codes). Used when a guest is deleted.
 */
export async function endAccount(
  store: Store,
  keys: Keys,
  scope: string,
  accountId: string,
): Promise<number> {
  const index = keys.oidcAccount(scope, accountId);
  const records = await store.smembers(index);
  const grantRecord = keys.oidc(scope, 'Grant', '');
  for (const record of records) {
    if (record.startsWith(grantRecord)) {
      await store.run(
        oidcRevokeGrant,
        [keys.oidcGrant(scope, record.slice(grantRecord.length))],
        [],
      );
    }
  }
  await store.del(index, ...records);
  return records.length;
}
