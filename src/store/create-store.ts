import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';
import { MemoryStore } from './memory-store.js';
import type { RedisClusterConfig } from './redis-cluster.js';
import { RedisStore } from './redis-store.js';
import type { Store } from './store.js';

/** where the data lives: one Redis (a URL), a Redis Cluster, or neither (the embedded store) */
export interface StoreTarget {
  readonly redisUrl?: string | undefined;
  readonly redisCluster?: RedisClusterConfig | undefined;
}

/**
 * Redis when a URL is configured, a Redis Cluster when its nodes are, else the embedded store
 * (refused in production by config), whose TTLs run on `clock`.
 */
export async function createStore(target: StoreTarget, clock: Clock = systemClock): Promise<Store> {
  const redis = target.redisCluster ?? target.redisUrl;
  if (!redis) return new MemoryStore(clock);
  const store = new RedisStore(redis);
  await store.waitUntilReady();
  return store;
}
