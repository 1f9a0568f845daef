import type { Script } from '../store.js';

/**
 * Deletes every record of a grant and the grant index itself.
 * KEYS: grant index · returns how many records were deleted
 */
export const oidcRevokeGrant: Script = {
  name: 'oidc-revoke-grant',
  numberOfKeys: 1,
  lua: `
local members = redis.call('SMEMBERS', KEYS[1])
local removed = 0
for _, key in ipairs(members) do removed = removed + redis.call('DEL', key) end
redis.call('DEL', KEYS[1])
return removed`,
  memory(db, [grant]) {
    const members = db.smembers(grant!);
    const removed = members.length ? db.del(...members) : 0;
    db.del(grant!);
    return removed;
  },
};
