import { addressBucket } from '../http/client-address.js';
import type { Keys } from '../store/keys.js';
import { rateLimitHit } from '../store/scripts/rate-limit-hit.js';
import type { Store } from '../store/store.js';
import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';

/**
 * Fixed windows per action and client address (one round trip a hit), judged by the
 * injected clock: a window starts at the first hit and ends `windowSeconds` later. An IPv4
 * address counts alone, an IPv6 address with its whole /64 (addressBucket).
 */
export class RateLimiter {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    protected readonly clock: Clock = systemClock,
  ) {}

  /** undefined when allowed; otherwise the seconds to wait */
  async hit(
    action: string,
    ip: string,
    limit: number,
    windowSeconds: number,
  ): Promise<number | undefined> {
    const wait = await this.store.run(
      rateLimitHit,
      [this.keys.rateLimit(action, addressBucket(ip))],
      [Math.floor(this.clock.now()), limit, windowSeconds],
    );
    return wait === 0 ? undefined : Math.max(1, Number(wait));
  }
}
