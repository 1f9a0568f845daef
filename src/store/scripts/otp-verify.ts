import type { Script } from '../store.js';

/**
 * Checks a submitted passcode MAC against every live code of the address, atomically, so N
 * parallel submissions of one code give exactly one success. The match is a comparison of
 * two fixed-length MACs as interned Lua strings (an identity check, not a byte-by-byte one).
 * A wrong try counts against every live code (void after max tries) and against the
 * address's failure budget, which survives resends and ends in a lockout (never forever).
 * KEYS: lock, failures, code index, voided marker
 * ARGV: submitted MAC, code key prefix, max tries, failure budget, lockout seconds,
 *       failures window, code TTL
 * Reply: {status, n}: accepted | wrong (n = tries left) | exhausted | expired | locked (n = seconds)
 */
export const otpVerify: Script = {
  name: 'otp-verify',
  numberOfKeys: 4,
  lua: `
local lockTtl = redis.call('TTL', KEYS[1])
if lockTtl > 0 then return {'locked', lockTtl} end
local prefix = ARGV[2]
local live = {}
local hit = false
for _, mac in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  if redis.call('EXISTS', prefix .. mac) == 1 then
    if mac == ARGV[1] then hit = true end
    table.insert(live, mac)
  else
    redis.call('SREM', KEYS[3], mac)
  end
end
if hit then
  for _, mac in ipairs(live) do redis.call('DEL', prefix .. mac) end
  redis.call('DEL', KEYS[3], KEYS[2], KEYS[4])
  return {'accepted', 0}
end
if #live == 0 then
  if redis.call('EXISTS', KEYS[4]) == 1 then return {'exhausted', 0} end
  return {'expired', 0}
end
local best = 0
for _, mac in ipairs(live) do
  local left = tonumber(ARGV[3]) - redis.call('INCR', prefix .. mac)
  if left <= 0 then
    redis.call('DEL', prefix .. mac)
    redis.call('SREM', KEYS[3], mac)
  end
  if left > best then best = left end
end
local failures = redis.call('INCR', KEYS[2])
if failures == 1 then redis.call('EXPIRE', KEYS[2], ARGV[6]) end
if failures >= tonumber(ARGV[4]) then
  redis.call('SET', KEYS[1], '1', 'EX', ARGV[5])
  for _, mac in ipairs(live) do redis.call('DEL', prefix .. mac) end
  redis.call('DEL', KEYS[3], KEYS[2], KEYS[4])
  return {'locked', tonumber(ARGV[5])}
end
if best <= 0 then
  redis.call('SET', KEYS[4], '1', 'EX', ARGV[7])
  return {'exhausted', 0}
end
return {'wrong', best}`,
  memory(
    db,
    [lock, failures, index, voided],
    [submitted, prefix, maxTries, budget, lockout, window, ttl],
  ) {
    const lockTtl = db.ttl(lock!);
    if (lockTtl > 0) return ['locked', lockTtl];
    const live: string[] = [];
    let hit = false;
    for (const mac of db.smembers(index!)) {
      if (db.exists(prefix + mac)) {
        if (mac === submitted) hit = true;
        live.push(mac);
      } else db.srem(index!, mac);
    }
    if (hit) {
      for (const mac of live) db.del(prefix + mac);
      db.del(index!, failures!, voided!);
      return ['accepted', 0];
    }
    if (live.length === 0) return [db.exists(voided!) ? 'exhausted' : 'expired', 0];
    let best = 0;
    for (const mac of live) {
      const left = Number(maxTries) - db.incr(prefix + mac);
      if (left <= 0) {
        db.del(prefix + mac);
        db.srem(index!, mac);
      }
      best = Math.max(best, left);
    }
    const count = db.incr(failures!);
    if (count === 1) db.expire(failures!, Number(window));
    if (count >= Number(budget)) {
      db.set(lock!, '1', { ttlSeconds: Number(lockout) });
      for (const mac of live) db.del(prefix + mac);
      db.del(index!, failures!, voided!);
      return ['locked', Number(lockout)];
    }
    if (best <= 0) {
      db.set(voided!, '1', { ttlSeconds: Number(ttl) });
      return ['exhausted', 0];
    }
    return ['wrong', best];
  },
};
