import { MemoryStore } from './memory-store.js';
import { RedisStore } from './redis-store.js';
import type { Store } from './store.js';

/** Redis when a URL is configured, else the embedded store (refused in production by config). */
export async function createStore(redisUrl: string | undefined): Promise<Store> {
  if (!redisUrl) return new MemoryStore();
  const store = new RedisStore(redisUrl);
  await store.waitUntilReady();
  return store;
}
