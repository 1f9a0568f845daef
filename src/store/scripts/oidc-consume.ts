import type { Script } from '../store.js';

/**
 * Marks an oidc-provider record consumed, atomically: 1 when this call consumed it,
 * 0 when it was consumed already, -1 when it does not exist.
 * KEYS: record · ARGV: epoch seconds
 */
export const oidcConsume: Script = {
  name: 'oidc-consume',
  numberOfKeys: 1,
  lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
return redis.call('HSETNX', KEYS[1], 'consumed', ARGV[1])`,
  memory(db, [record], [now]) {
    if (!db.exists(record!)) return -1;
    return db.hsetnx(record!, 'consumed', now!) ? 1 : 0;
  },
};
