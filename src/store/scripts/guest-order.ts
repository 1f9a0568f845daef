import type { Script } from '../store.js';

/*
 * The invitation order of a tenant's guests (Keys.guestOrder, src/directory/guest-order.ts)
 * beside its guest set: the invite and delete scripts keep both; these two build the order of
 * guests stored before it existed and mend what a process of an earlier version changed.
 */

/**
 * Both counts at one instant (a guest is invited or deleted in both at once, so they differ
 * only when the order misses guests or holds gone ones).
 * KEYS: guest order, guest set · Reply: {members of the order, members of the set}
 */
export const guestOrderCounts: Script = {
  name: 'guest-order-counts',
  numberOfKeys: 2,
  lua: `return {redis.call('ZCARD', KEYS[1]), redis.call('SCARD', KEYS[2])}`,
  memory(db, [order, index]) {
    return [db.zcard(order!), db.scard(index!)];
  },
};

/**
 * One guest's place in the order made right: while its record exists it has its member;
 * once it is gone, neither its member nor its set entry stays. Atomic with the record, so a
 * guest deleted meanwhile is never put back.
 * KEYS: guest record, guest order, guest set · ARGV: its member ('' when unknown), guest id
 * Reply: 1 when the guest exists, else 0
 */
export const guestOrderMend: Script = {
  name: 'guest-order-mend',
  numberOfKeys: 3,
  lua: `
if redis.call('EXISTS', KEYS[1]) == 1 then
  if ARGV[1] ~= '' then redis.call('ZADD', KEYS[2], 0, ARGV[1]) end
  return 1
end
if ARGV[1] ~= '' then redis.call('ZREM', KEYS[2], ARGV[1]) end
redis.call('SREM', KEYS[3], ARGV[2])
return 0`,
  memory(db, [record, order, index], [member, id]) {
    if (db.exists(record!)) {
      if (member) db.zadd(order!, member);
      return 1;
    }
    if (member) db.zrem(order!, member);
    db.srem(index!, id!);
    return 0;
  },
};
