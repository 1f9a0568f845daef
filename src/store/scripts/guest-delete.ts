import type { Script } from '../store.js';

/**
 * Deletes a guest with its email index entry (while it still names this guest: the address
 * may have been invited again as a fresh guest) and its place in the guest set and invitation
 * order, in one step.
 * KEYS: guest record, email index, guest set, guest order · ARGV: guest id, its order member
 * Reply: 1 when the guest existed, else 0
 */
export const guestDelete: Script = {
  name: 'guest-delete',
  numberOfKeys: 4,
  lua: `
local removed = redis.call('DEL', KEYS[1])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[2])
return removed`,
  memory(db, [record, email, index, order], [id, member]) {
    const removed = db.del(record!);
    if (db.get(email!) === id) db.del(email!);
    db.srem(index!, id!);
    db.zrem(order!, member!);
    return removed;
  },
};
