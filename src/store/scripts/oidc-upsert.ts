import type { Script } from '../store.js';

/**
 * Writes an oidc-provider record and its indexes in one round trip.
 * KEYS: record, grant index, session-uid index, user-code index (unused ones repeat the record key)
 * ARGV: payload JSON, ttl seconds (0 = none), id, has grant, has uid, has user code
 */
export const oidcUpsert: Script = {
  name: 'oidc-upsert',
  numberOfKeys: 4,
  lua: `
local ttl = tonumber(ARGV[2])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'payload', ARGV[1])
if ttl > 0 then redis.call('EXPIRE', KEYS[1], ttl) end
if ARGV[4] == '1' then
  local current = redis.call('TTL', KEYS[2])
  redis.call('SADD', KEYS[2], KEYS[1])
  if ttl == 0 then redis.call('PERSIST', KEYS[2])
  elseif current == -2 or (current ~= -1 and current < ttl) then redis.call('EXPIRE', KEYS[2], ttl) end
end
if ARGV[5] == '1' then
  if ttl > 0 then redis.call('SET', KEYS[3], ARGV[3], 'EX', ttl) else redis.call('SET', KEYS[3], ARGV[3]) end
end
if ARGV[6] == '1' then
  if ttl > 0 then redis.call('SET', KEYS[4], ARGV[3], 'EX', ttl) else redis.call('SET', KEYS[4], ARGV[3]) end
end
return 1`,
  memory(db, [record, grant, uid, userCode], [payload, ttlArg, id, hasGrant, hasUid, hasUserCode]) {
    const ttl = Number(ttlArg);
    const expiry = ttl > 0 ? { ttlSeconds: ttl } : {};
    db.del(record!);
    db.hset(record!, { payload: payload! });
    if (ttl > 0) db.expire(record!, ttl);
    if (hasGrant === '1') {
      const current = db.ttl(grant!);
      db.sadd(grant!, record!);
      if (ttl === 0) db.persist(grant!);
      else if (current === -2 || (current !== -1 && current < ttl)) db.expire(grant!, ttl);
    }
    if (hasUid === '1') db.set(uid!, id!, expiry);
    if (hasUserCode === '1') db.set(userCode!, id!, expiry);
    return 1;
  },
};
