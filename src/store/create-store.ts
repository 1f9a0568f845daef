import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';
import { MemoryStore } from './memory-store.js';
import { RedisStore } from './redis-store.js';
import type { Store } from './store.js';

/**
 * Redis when a URL is configured, else the embedded store (refused in production by config),
 * whose TTLs run on `clock`.
 */
export async function createStore(
  redisUrl: string | undefined,
  clock: Clock = systemClock,
): Promise<Store> {
  if (!redisUrl) return new MemoryStore(clock);
  const store = new RedisStore(redisUrl);
  await store.waitUntilReady();
  return store;
}
