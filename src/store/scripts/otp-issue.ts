import type { Script } from '../store.js';
import { TimeAsData, timeLua } from './time-as-data.js';

/**
 * Stores a new passcode unless the address is locked, in its resend cool-down, or over its
 * cap of codes per window. Earlier codes stay valid (slow mail must not strand a guest).
 * Every instant is judged against `now` (see time-as-data.ts); the code hash gets exactly
 * the code's TTL, so it lives in Redis as long as the newest code.
 * KEYS: lock, cool-down, sends window, codes, voided marker
 * ARGV: now (ms), code MAC, TTL, cool-down seconds, max sends, sends window seconds
 * Reply: {status, seconds}: issued | locked | cooldown | capped (seconds = wait)
 */
export const otpIssue: Script = {
  name: 'otp-issue',
  numberOfKeys: 5,
  lua: `${timeLua}
local lockedUntil = instantAt(1)
if lockedUntil > now then return {'locked', secondsUntil(lockedUntil)} end
local cooldown = tonumber(ARGV[4])
if cooldown > 0 then
  local coolUntil = instantAt(2)
  if coolUntil > now then return {'cooldown', secondsUntil(coolUntil)} end
  setInstant(2, cooldown)
end
local sends, wait = hitWindow(3, tonumber(ARGV[6]))
if sends > tonumber(ARGV[5]) then return {'capped', wait} end
local ttl = tonumber(ARGV[3])
redis.call('HSET', KEYS[4], 'exp:' .. ARGV[2], ms(now + ttl * 1000), 'tries:' .. ARGV[2], '0')
redis.call('EXPIRE', KEYS[4], ttl)
redis.call('DEL', KEYS[5])
return {'issued', 0}`,
  memory(
    db,
    [lock, cooldown, sends, codes, voided],
    [now, mac, ttlArg, cooldownArg, maxSends, window],
  ) {
    const time = new TimeAsData(db, now);
    const lockedUntil = time.instantAt(lock!);
    if (lockedUntil > time.now) return ['locked', time.secondsUntil(lockedUntil)];
    const cooldownSeconds = Number(cooldownArg);
    if (cooldownSeconds > 0) {
      const coolUntil = time.instantAt(cooldown!);
      if (coolUntil > time.now) return ['cooldown', time.secondsUntil(coolUntil)];
      time.setInstant(cooldown!, cooldownSeconds);
    }
    const [count, wait] = time.hitWindow(sends!, Number(window));
    if (count > Number(maxSends)) return ['capped', wait];
    const ttl = Number(ttlArg);
    db.hset(codes!, { [`exp:${mac}`]: time.ms(time.now + ttl * 1000), [`tries:${mac}`]: '0' });
    db.expire(codes!, ttl);
    db.del(voided!);
    return ['issued', 0];
  },
};
