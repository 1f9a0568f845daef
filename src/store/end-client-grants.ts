import type { Keys } from './keys.js';
import { oidcRevokeGrant } from './scripts/oidc-revoke-grant.js';
import type { Store } from './store.js';

/**
 * Ends what oidc-provider holds for one account and one client: each of the account's grants
 * for that client (one per browser session that signed in to it), with every token of those
 * grants (access, refresh, codes). Sessions stay: they sign in to other clients still, and
 * ask for consent again for this one. Used when an admin revokes a guest's consent. Returns
 * how many grants ended.
 */
export async function endClientGrants(
  store: Store,
  keys: Keys,
  scope: string,
  accountId: string,
  clientId: string,
): Promise<number> {
  const index = keys.oidcAccount(scope, accountId);
  const grantRecord = keys.oidc(scope, 'Grant', '');
  const records = (await store.smembers(index)).filter((r) => r.startsWith(grantRecord));
  let ended = 0;
  for (const record of records) {
    const { payload } = await store.hgetall(record);
    if (!payload) continue;
    if ((JSON.parse(payload) as { clientId?: unknown }).clientId !== clientId) continue;
    await store.run(oidcRevokeGrant, [keys.oidcGrant(scope, record.slice(grantRecord.length))], []);
    await store.del(record);
    await store.srem(index, record);
    ended += 1;
  }
  return ended;
}
