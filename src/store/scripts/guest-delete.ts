import type { Script } from '../store.js';

/**
 * Deletes a guest with its email index entry (while it still names this guest: the address
 * may have been invited again as a fresh guest) and its place in the guest set, in one step.
 * KEYS: guest record, email index, guest set · ARGV: guest id
 * Reply: 1 when the guest existed, else 0
 */
export const guestDelete: Script = {
  name: 'guest-delete',
  numberOfKeys: 3,
  lua: `
local removed = redis.call('DEL', KEYS[1])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
redis.call('SREM', KEYS[3], ARGV[1])
return removed`,
  memory(db, [record, email, index], [id]) {
    const removed = db.del(record!);
    if (db.get(email!) === id) db.del(email!);
    db.srem(index!, id!);
    return removed;
  },
};
