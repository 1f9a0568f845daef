import type { SyncCommands } from '../store.js';

/*
 * Time as data, shared by the scripts that judge time. Such a script takes `now` (epoch
 * milliseconds from the injected clock) as ARGV[1], stores the instants it will be judged by
 * (expires-at, locked-until, window start) in its values, and compares them with `now`. Redis
 * TTLs stay, as the backstop that deletes what is over; they never decide.
 *
 * Each helper exists twice, in Lua and for the memory store, and the two must agree. The Lua
 * helpers take the index of a key in KEYS, never a key name, so every key stays declared.
 */

/** Lua: `now`, and helpers over it. Prepend to a script whose ARGV[1] is `now`. */
export const timeLua = `
local now = tonumber(ARGV[1])
-- an integer as Redis should store it (never Lua's exponent notation)
local function ms(x) return string.format('%.0f', x) end
-- whole seconds from now until a later instant (what a guest is told to wait)
local function secondsUntil(instant) return math.ceil((instant - now) / 1000) end
-- the instant stored as the string value of KEYS[k]; 0 when missing
local function instantAt(k) return tonumber(redis.call('GET', KEYS[k]) or '0') or 0 end
-- stores an instant "seconds from now" at KEYS[k], deleted by Redis once it is past
local function setInstant(k, seconds)
  redis.call('SET', KEYS[k], ms(now + seconds * 1000), 'EX', seconds)
end
-- one hit on the fixed window of KEYS[k], a hash {start, count}: a window that is over
-- starts again at now. Returns the count in the window and the seconds until it ends.
local function hitWindow(k, windowSeconds)
  local windowMs = windowSeconds * 1000
  local start = tonumber(redis.call('HGET', KEYS[k], 'start') or '')
  if not start or now >= start + windowMs then
    redis.call('DEL', KEYS[k])
    redis.call('HSET', KEYS[k], 'start', ms(now), 'count', '0')
    redis.call('EXPIRE', KEYS[k], windowSeconds)
    start = now
  end
  local count = redis.call('HINCRBY', KEYS[k], 'count', 1)
  return count, math.min(windowSeconds, math.max(1, secondsUntil(start + windowMs)))
end
`;

/** The memory store's side of `timeLua`. */
export class TimeAsData {
  readonly now: number;

  constructor(
    private readonly db: SyncCommands,
    now: string | undefined,
  ) {
    this.now = Number(now);
    if (!Number.isFinite(this.now)) throw new Error(`now must be epoch milliseconds, not ${now}`);
  }

  ms(x: number): string {
    return x.toFixed(0);
  }

  secondsUntil(instant: number): number {
    return Math.ceil((instant - this.now) / 1000);
  }

  instantAt(key: string): number {
    return toNumber(this.db.get(key) ?? '0') ?? 0;
  }

  setInstant(key: string, seconds: number): void {
    this.db.set(key, this.ms(this.now + seconds * 1000), { ttlSeconds: seconds });
  }

  hitWindow(key: string, windowSeconds: number): [count: number, wait: number] {
    const windowMs = windowSeconds * 1000;
    let start = toNumber(this.db.hget(key, 'start') ?? '');
    if (start === undefined || this.now >= start + windowMs) {
      this.db.del(key);
      this.db.hset(key, { start: this.ms(this.now), count: '0' });
      this.db.expire(key, windowSeconds);
      start = this.now;
    }
    const count = this.db.hincrby(key, 'count', 1);
    return [count, Math.min(windowSeconds, Math.max(1, this.secondsUntil(start + windowMs)))];
  }
}

/** Lua's tonumber on the strings we store: undefined where Lua gives nil */
export function toNumber(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
