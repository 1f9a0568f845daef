import type { Script } from '../store.js';

/**
 * Replaces a string value only while it is still the one the caller read (optimistic
 * concurrency for a small record rewritten as a whole, like a tenant's signing keys).
 * KEYS: the value · ARGV: expected value ('' = absent), new value
 * Reply: 1 when written, 0 when the value had changed
 */
export const compareAndSet: Script = {
  name: 'compare-and-set',
  numberOfKeys: 1,
  lua: `
local current = redis.call('GET', KEYS[1])
if current == false then current = '' end
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1`,
  memory(db, [key], [expected, next]) {
    if ((db.get(key!) ?? '') !== expected) return 0;
    db.set(key!, next!);
    return 1;
  },
};
