import type { Script } from '../store.js';
import { staleKeys } from '../store.js';

/**
 * Deletes every record of a grant and the grant index itself. The records are the members of
 * the index, so the store reads them first and declares them (`readKeys`); when the index
 * gained a member in between, the script answers `staleKeys` and runs again.
 * KEYS: grant index, then (read by the store) its members · returns how many records were deleted
 */
export const oidcRevokeGrant: Script = {
  name: 'oidc-revoke-grant',
  numberOfKeys: 1,
  readKeys: async (store, [grant]) => store.smembers(grant!),
  lua: `
local members = {}
for _, member in ipairs(redis.call('SMEMBERS', KEYS[1])) do members[member] = true end
local declared = {}
for i = 2, #KEYS do declared[KEYS[i]] = true end
for member in pairs(members) do
  if not declared[member] then return '${staleKeys}' end
end
local removed = 0
for i = 2, #KEYS do
  if members[KEYS[i]] then removed = removed + redis.call('DEL', KEYS[i]) end
end
redis.call('DEL', KEYS[1])
return removed`,
  memory(db, [grant, ...declared]) {
    const members = new Set(db.smembers(grant!));
    if ([...members].some((member) => !declared.includes(member))) return staleKeys;
    const records = declared.filter((key) => members.has(key));
    const removed = records.length ? db.del(...records) : 0;
    db.del(grant!);
    return removed;
  },
};
