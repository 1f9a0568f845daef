import type { Script } from '../store.js';

/*
 * A guest's passkeys live in one hash per guest: field `<credential id>` holds the passkey
 * (JSON), `counter:<id>` its signature counter, `used:<id>` when it last signed in (ms).
 * A second key per credential names the guest it is bound to (usernameless sign-in finds
 * the guest from the credential). Every key is under the tenant's `{scope}` hash tag.
 */

/**
 * Adds a passkey to a guest that still exists, binding the credential to that guest only.
 * KEYS: guest record, the guest's passkey hash, credential index · ARGV: guest id,
 * credential id, passkey JSON, counter, created-at ms
 * Reply: 1 added, 0 the guest no longer exists, -1 the credential is bound already
 */
export const passkeyAdd: Script = {
  name: 'passkey-add',
  numberOfKeys: 3,
  lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if not redis.call('SET', KEYS[3], ARGV[1], 'NX') then return -1 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3], 'counter:' .. ARGV[2], ARGV[4], 'used:' .. ARGV[2], ARGV[5])
return 1`,
  memory(db, [guest, hash, index], [guestId, id, json, counter, created]) {
    if (!db.exists(guest!)) return 0;
    if (!db.set(index!, guestId!, { onlyIfAbsent: true })) return -1;
    db.hset(hash!, { [id!]: json!, [`counter:${id!}`]: counter!, [`used:${id!}`]: created! });
    return 1;
  },
};

/**
 * Records a sign-in with a passkey: the authenticator's signature counter must have grown,
 * unless it keeps none (both zero). One step, so two sign-ins racing with one assertion
 * cannot both pass.
 * KEYS: the guest's passkey hash · ARGV: credential id, new counter, used-at ms
 * Reply: 1 recorded, 0 no such passkey, -1 the counter did not grow (a cloned authenticator)
 */
export const passkeyUse: Script = {
  name: 'passkey-use',
  numberOfKeys: 1,
  lua: `
local stored = redis.call('HGET', KEYS[1], 'counter:' .. ARGV[1])
if not stored then return 0 end
local old = tonumber(stored)
local new = tonumber(ARGV[2])
if (old > 0 or new > 0) and new <= old then return -1 end
redis.call('HSET', KEYS[1], 'counter:' .. ARGV[1], ARGV[2], 'used:' .. ARGV[1], ARGV[3])
return 1`,
  memory(db, [hash], [id, counter, used]) {
    const stored = db.hget(hash!, `counter:${id!}`);
    if (stored === null) return 0;
    const old = Number(stored);
    const next = Number(counter);
    if ((old > 0 || next > 0) && next <= old) return -1;
    db.hset(hash!, { [`counter:${id!}`]: counter!, [`used:${id!}`]: used! });
    return 1;
  },
};

/**
 * Removes one passkey of a guest, and its credential index while it names that guest.
 * KEYS: the guest's passkey hash, credential index · ARGV: credential id, guest id
 * Reply: 1 removed, 0 the guest had no such passkey
 */
export const passkeyRemove: Script = {
  name: 'passkey-remove',
  numberOfKeys: 2,
  lua: `
local removed = redis.call('HDEL', KEYS[1], ARGV[1], 'counter:' .. ARGV[1], 'used:' .. ARGV[1])
if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
if removed > 0 then return 1 end
return 0`,
  memory(db, [hash, index], [id, guestId]) {
    const removed = db.hdel(hash!, id!, `counter:${id!}`, `used:${id!}`);
    if (db.get(index!) === guestId) db.del(index!);
    return removed > 0 ? 1 : 0;
  },
};
