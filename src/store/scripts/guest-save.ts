import type { Script } from '../store.js';

/**
 * Writes a guest record only while it exists, so a guest deleted during a sign-in stays
 * deleted (a plain SET would bring the record back without its index entries).
 * KEYS: guest record · ARGV: guest JSON · Reply: 1 when written, 0 when there was no guest
 */
export const guestSave: Script = {
  name: 'guest-save',
  numberOfKeys: 1,
  lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
return 1`,
  memory(db, [record], [json]) {
    if (!db.exists(record!)) return 0;
    db.set(record!, json!, { keepTtl: true });
    return 1;
  },
};
