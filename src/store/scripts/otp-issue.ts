import type { Script } from '../store.js';

/**
 * Stores a new passcode unless the address is locked, in its resend cool-down, or over its
 * cap of codes per window. Earlier codes stay valid (slow mail must not strand a guest).
 * KEYS: lock, cool-down, sends counter, code index, new code key, voided marker
 * ARGV: code MAC, TTL, cool-down seconds, max sends, sends window
 * Reply: {status, seconds}: issued | locked | cooldown | capped (seconds = wait)
 */
export const otpIssue: Script = {
  name: 'otp-issue',
  numberOfKeys: 6,
  lua: `
local lockTtl = redis.call('TTL', KEYS[1])
if lockTtl > 0 then return {'locked', lockTtl} end
if tonumber(ARGV[3]) > 0 then
  if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[3]) then
    return {'cooldown', redis.call('TTL', KEYS[2])}
  end
end
local sends = redis.call('INCR', KEYS[3])
if sends == 1 then redis.call('EXPIRE', KEYS[3], ARGV[5]) end
if sends > tonumber(ARGV[4]) then return {'capped', redis.call('TTL', KEYS[3])} end
redis.call('SET', KEYS[5], '0', 'EX', ARGV[2])
redis.call('SADD', KEYS[4], ARGV[1])
redis.call('EXPIRE', KEYS[4], ARGV[2])
redis.call('DEL', KEYS[6])
return {'issued', 0}`,
  memory(
    db,
    [lock, cooldown, sends, index, code, voided],
    [mac, ttl, cooldownSeconds, maxSends, window],
  ) {
    const lockTtl = db.ttl(lock!);
    if (lockTtl > 0) return ['locked', lockTtl];
    if (Number(cooldownSeconds) > 0) {
      if (!db.set(cooldown!, '1', { onlyIfAbsent: true, ttlSeconds: Number(cooldownSeconds) })) {
        return ['cooldown', db.ttl(cooldown!)];
      }
    }
    const count = db.incr(sends!);
    if (count === 1) db.expire(sends!, Number(window));
    if (count > Number(maxSends)) return ['capped', db.ttl(sends!)];
    db.set(code!, '0', { ttlSeconds: Number(ttl) });
    db.sadd(index!, mac!);
    db.expire(index!, Number(ttl));
    db.del(voided!);
    return ['issued', 0];
  },
};
