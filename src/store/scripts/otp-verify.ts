import type { Script } from '../store.js';
import { TimeAsData, toNumber, timeLua } from './time-as-data.js';

/**
 * Checks a submitted passcode MAC against every live code of the address, atomically, so N
 * parallel submissions of one code give exactly one success. A code is live while its
 * expires-at is after `now`. The match is a comparison of two fixed-length MACs as interned
 * Lua strings (an identity check, not a byte-by-byte one). A wrong try counts against every
 * live code (void after max tries) and against the address's failure run, which survives
 * resends, is forgotten after a window without failures, and ends in a lockout (never
 * forever).
 * KEYS: lock, failures, codes, voided marker
 * ARGV: now (ms), submitted MAC, max tries, failure budget, lockout seconds,
 *       failures window seconds, code TTL
 * A code that was accepted is remembered (`used:<MAC>`, until it would have expired), so
 * trying it again answers `used`, not a wrong try.
 * Reply: {status, n}: accepted | used | wrong (n = tries left) | exhausted | expired |
 *        locked (n = seconds)
 */
export const otpVerify: Script = {
  name: 'otp-verify',
  numberOfKeys: 4,
  lua: `${timeLua}
local lockedUntil = instantAt(1)
if lockedUntil > now then return {'locked', secondsUntil(lockedUntil)} end
local fields = redis.call('HGETALL', KEYS[3])
local live = {}
local hit = false
local used = false
for i = 1, #fields, 2 do
  local mac = string.match(fields[i], '^exp:(.+)$')
  local usedMac = string.match(fields[i], '^used:(.+)$')
  local until_ = tonumber(fields[i + 1]) or 0
  if mac then
    if until_ > now then
      if mac == ARGV[2] then hit = true end
      table.insert(live, mac)
    else
      redis.call('HDEL', KEYS[3], 'exp:' .. mac, 'tries:' .. mac)
    end
  elseif usedMac then
    if until_ <= now then redis.call('HDEL', KEYS[3], fields[i])
    elseif usedMac == ARGV[2] then used = true end
  end
end
if hit then
  local expires = tonumber(redis.call('HGET', KEYS[3], 'exp:' .. ARGV[2]))
  redis.call('DEL', KEYS[3], KEYS[2], KEYS[4])
  -- remembered until it would have expired, so trying it again says "already used"
  redis.call('HSET', KEYS[3], 'used:' .. ARGV[2], ms(expires))
  redis.call('EXPIRE', KEYS[3], math.max(1, secondsUntil(expires)))
  return {'accepted', 0}
end
if used then return {'used', 0} end
if #live == 0 then
  if instantAt(4) > now then return {'exhausted', 0} end
  return {'expired', 0}
end
local best = 0
for _, mac in ipairs(live) do
  local left = tonumber(ARGV[3]) - redis.call('HINCRBY', KEYS[3], 'tries:' .. mac, 1)
  if left <= 0 then redis.call('HDEL', KEYS[3], 'exp:' .. mac, 'tries:' .. mac) end
  if left > best then best = left end
end
local window = tonumber(ARGV[6])
local last = tonumber(redis.call('HGET', KEYS[2], 'last') or '')
local failures = 1
if last and now - last < window * 1000 then
  failures = (tonumber(redis.call('HGET', KEYS[2], 'count') or '') or 0) + 1
end
redis.call('HSET', KEYS[2], 'count', ms(failures), 'last', ms(now))
redis.call('EXPIRE', KEYS[2], window)
if failures >= tonumber(ARGV[4]) then
  setInstant(1, tonumber(ARGV[5]))
  redis.call('DEL', KEYS[3], KEYS[2], KEYS[4])
  return {'locked', tonumber(ARGV[5])}
end
if best <= 0 then
  setInstant(4, tonumber(ARGV[7]))
  return {'exhausted', 0}
end
return {'wrong', best}`,
  memory(
    db,
    [lock, failures, codes, voided],
    [now, submitted, maxTries, budget, lockout, windowArg, ttl],
  ) {
    const time = new TimeAsData(db, now);
    const lockedUntil = time.instantAt(lock!);
    if (lockedUntil > time.now) return ['locked', time.secondsUntil(lockedUntil)];
    const live: string[] = [];
    let hit = false;
    let used = false;
    for (const [field, value] of Object.entries(db.hgetall(codes!))) {
      const mac = /^exp:(.+)$/.exec(field)?.[1];
      const usedMac = /^used:(.+)$/.exec(field)?.[1];
      const until = toNumber(value) ?? 0;
      if (mac !== undefined) {
        if (until > time.now) {
          if (mac === submitted) hit = true;
          live.push(mac);
        } else db.hdel(codes!, `exp:${mac}`, `tries:${mac}`);
      } else if (usedMac !== undefined) {
        if (until <= time.now) db.hdel(codes!, field);
        else if (usedMac === submitted) used = true;
      }
    }
    if (hit) {
      const expires = toNumber(db.hget(codes!, `exp:${submitted}`) ?? '') ?? time.now;
      db.del(codes!, failures!, voided!);
      db.hset(codes!, { [`used:${submitted}`]: time.ms(expires) });
      db.expire(codes!, Math.max(1, time.secondsUntil(expires)));
      return ['accepted', 0];
    }
    if (used) return ['used', 0];
    if (live.length === 0) return [time.instantAt(voided!) > time.now ? 'exhausted' : 'expired', 0];
    let best = 0;
    for (const mac of live) {
      const left = Number(maxTries) - db.hincrby(codes!, `tries:${mac}`, 1);
      if (left <= 0) db.hdel(codes!, `exp:${mac}`, `tries:${mac}`);
      best = Math.max(best, left);
    }
    const window = Number(windowArg);
    const last = toNumber(db.hget(failures!, 'last') ?? '');
    let count = 1;
    if (last !== undefined && time.now - last < window * 1000)
      count = (toNumber(db.hget(failures!, 'count') ?? '') ?? 0) + 1;
    db.hset(failures!, { count: time.ms(count), last: time.ms(time.now) });
    db.expire(failures!, window);
    if (count >= Number(budget)) {
      time.setInstant(lock!, Number(lockout));
      db.del(codes!, failures!, voided!);
      return ['locked', Number(lockout)];
    }
    if (best <= 0) {
      time.setInstant(voided!, Number(ttl));
      return ['exhausted', 0];
    }
    return ['wrong', best];
  },
};
