import type { Script, SyncCommands } from '../store.js';

/**
 * Writes an oidc-provider record and its indexes in one round trip. Index sets (the grant's
 * tokens, the account's grants and sessions) live as long as their longest-lived member.
 * KEYS: record, grant index, session-uid index, user-code index, account index
 *       (unused ones repeat the record key)
 * ARGV: payload JSON, ttl seconds (0 = none), id, has grant, has uid, has user code, has account
 */
export const oidcUpsert: Script = {
  name: 'oidc-upsert',
  numberOfKeys: 5,
  lua: `
local ttl = tonumber(ARGV[2])
local function index(set, member)
  local current = redis.call('TTL', set)
  redis.call('SADD', set, member)
  if ttl == 0 then redis.call('PERSIST', set)
  elseif current == -2 or (current ~= -1 and current < ttl) then redis.call('EXPIRE', set, ttl) end
end
local function pointer(key)
  if ttl > 0 then redis.call('SET', key, ARGV[3], 'EX', ttl) else redis.call('SET', key, ARGV[3]) end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'payload', ARGV[1])
if ttl > 0 then redis.call('EXPIRE', KEYS[1], ttl) end
if ARGV[4] == '1' then index(KEYS[2], KEYS[1]) end
if ARGV[5] == '1' then pointer(KEYS[3]) end
if ARGV[6] == '1' then pointer(KEYS[4]) end
if ARGV[7] == '1' then index(KEYS[5], KEYS[1]) end
return 1`,
  memory(
    db,
    [record, grant, uid, userCode, account],
    [payload, ttlArg, id, hasGrant, hasUid, hasUserCode, hasAccount],
  ) {
    const ttl = Number(ttlArg);
    const index = (set: string, member: string) => indexMember(db, set, member, ttl);
    const pointer = (key: string) => db.set(key, id!, ttl > 0 ? { ttlSeconds: ttl } : {});
    db.del(record!);
    db.hset(record!, { payload: payload! });
    if (ttl > 0) db.expire(record!, ttl);
    if (hasGrant === '1') index(grant!, record!);
    if (hasUid === '1') pointer(uid!);
    if (hasUserCode === '1') pointer(userCode!);
    if (hasAccount === '1') index(account!, record!);
    return 1;
  },
};

function indexMember(db: SyncCommands, set: string, member: string, ttl: number) {
  const current = db.ttl(set);
  db.sadd(set, member);
  if (ttl === 0) db.persist(set);
  else if (current === -2 || (current !== -1 && current < ttl)) db.expire(set, ttl);
}
