import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';

/** how long a permanent mail failure counts as the current state of delivery */
const failureMemoryMs = 10 * 60 * 1000;

/**
 * How sending passcode mail goes right now: an exponential moving average of real send
 * times, and whether the transport is failing permanently. An address that is not invited
 * waits as long and sees the same failure, so "Send code" answers alike for every address.
 */
export class DeliveryTiming {
  #averageMs: number;
  #failedAt = 0;

  constructor(
    initialMs = 50,
    private readonly clock: Clock = systemClock,
  ) {
    this.#averageMs = initialMs;
  }

  recordSuccess(ms: number): void {
    this.#averageMs = this.#averageMs * 0.8 + ms * 0.2;
    this.#failedAt = 0;
  }

  recordPermanentFailure(): void {
    this.#failedAt = this.clock.now();
  }

  get failing(): boolean {
    return this.#failedAt > 0 && this.clock.now() - this.#failedAt < failureMemoryMs;
  }

  /** waits about as long as a real send takes (with a little jitter) */
  async imitate(): Promise<void> {
    const ms = this.#averageMs * (0.9 + Math.random() * 0.2);
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}
