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
-- KEYS[k] gains the record as a member and lives at least as long as it
local function index(k)
  local current = redis.call('TTL', KEYS[k])
  redis.call('SADD', KEYS[k], KEYS[1])
  if ttl == 0 then redis.call('PERSIST', KEYS[k])
  elseif current == -2 or (current ~= -1 and current < ttl) then redis.call('EXPIRE', KEYS[k], ttl) end
end
-- KEYS[k] names the record's id, as long as the record lives
local function pointer(k)
  if ttl > 0 then redis.call('SET', KEYS[k], ARGV[3], 'EX', ttl) else redis.call('SET', KEYS[k], ARGV[3]) end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'payload', ARGV[1])
if ttl > 0 then redis.call('EXPIRE', KEYS[1], ttl) end
if ARGV[4] == '1' then index(2) end
if ARGV[5] == '1' then pointer(3) end
if ARGV[6] == '1' then pointer(4) end
if ARGV[7] == '1' then index(5) end
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
