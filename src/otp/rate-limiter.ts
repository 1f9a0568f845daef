import type { Keys } from '../store/keys.js';
import type { Store } from '../store/store.js';
import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';

/** Fixed-window counters per action and client IP address (one round trip a hit). */
export class RateLimiter {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    // judged by the passcode scripts (time as data, not only Redis TTLs)
    protected readonly clock: Clock = systemClock,
  ) {}

  /** undefined when allowed; otherwise the seconds to wait */
  async hit(
    action: string,
    ip: string,
    limit: number,
    windowSeconds: number,
  ): Promise<number | undefined> {
    const key = this.keys.rateLimit(action, ip);
    const count = await this.store.incrWithTtl(key, windowSeconds);
    if (count <= limit) return undefined;
    return Math.max(1, await this.store.ttl(key));
  }
}
