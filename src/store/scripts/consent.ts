import type { Script } from '../store.js';

/*
 * A guest's remembered consents live in one hash per guest: field `<client id>` holds what the
 * guest allowed that client (JSON). Both keys are under the tenant's `{scope}` hash tag.
 */

/**
 * Remembers what a guest allowed a client, while the guest exists (a guest deleted or reset
 * during the consent keeps nothing).
 * KEYS: guest record, the guest's consent hash · ARGV: client id, consent JSON
 * Reply: 1 remembered, 0 the guest no longer exists
 */
export const consentRemember: Script = {
  name: 'consent-remember',
  numberOfKeys: 2,
  lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1`,
  memory(db, [guest, hash], [clientId, json]) {
    if (!db.exists(guest!)) return 0;
    db.hset(hash!, { [clientId!]: json! });
    return 1;
  },
};

/**
 * Forgets what a guest allowed one client.
 * KEYS: the guest's consent hash · ARGV: client id · Reply: 1 forgotten, 0 there was none
 */
export const consentForget: Script = {
  name: 'consent-forget',
  numberOfKeys: 1,
  lua: `return redis.call('HDEL', KEYS[1], ARGV[1])`,
  memory(db, [hash], [clientId]) {
    return db.hdel(hash!, clientId!);
  },
};
