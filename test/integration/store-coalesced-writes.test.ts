import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { keySlot } from '../../src/store/key-slot.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { clusterUser, startRedisCluster } from '../support/redis-cluster.js';
import { startRedisServer } from '../support/redis-server.js';

/** read events Redis has processed: one a write of ours that arrives on its own */
async function readsAt(client: Redis): Promise<number> {
  return Number(/total_reads_processed:(\d+)/.exec(await client.info('stats'))?.[1] ?? NaN);
}

/** how many read events `work` cost Redis (the INFO that measures is one: not counted) */
async function readsOf(client: Redis, work: () => Promise<unknown>): Promise<number> {
  const before = await readsAt(client);
  await work();
  return (await readsAt(client)) - before - 1;
}

const keys = Array.from({ length: 20 }, (_, i) => `{coalesce}:key-${i}`);

describe('writes of one tick to Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  let store: RedisStore;
  let probe: Redis;
  beforeAll(async () => {
    redis = await startRedisServer();
    store = new RedisStore(redis.url);
    await store.waitUntilReady();
    probe = new Redis(redis.url);
  });
  afterAll(async () => {
    probe.disconnect();
    await store.close();
    await redis.stop();
  });

  it('reach one Redis in one read, while commands that wait on each other take one each', async () => {
    const together = await readsOf(probe, () => Promise.all(keys.map((key) => store.get(key))));
    const inTurn = await readsOf(probe, async () => {
      for (const key of keys) await store.get(key);
    });
    expect(together).toBeLessThanOrEqual(2);
    expect(inTurn).toBe(keys.length);
  });

  it('coalesce again on the connection ioredis opens after a drop', async () => {
    await probe.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    // until ioredis has reconnected (its retry waits 100 ms first)
    const answers = () =>
      store.get('x').then(
        () => true,
        () => false,
      );
    for (let i = 0; i < 100 && !(await answers()); i += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const together = await readsOf(probe, () => Promise.all(keys.map((key) => store.get(key))));
    expect(together).toBeLessThanOrEqual(2);
  });
});

describe('writes of one tick to a Redis Cluster', () => {
  let cluster: Awaited<ReturnType<typeof startRedisCluster>>;
  let store: RedisStore;
  beforeAll(async () => {
    cluster = await startRedisCluster();
    store = new RedisStore({
      nodes: cluster.ports.map((port) => ({ host: '127.0.0.1', port })),
      tls: false,
      ...clusterUser,
    });
    await store.waitUntilReady();
  });
  afterAll(async () => {
    await store.close();
    await cluster.stop();
  });

  it('reach the master of their slot in one read', async () => {
    const master = cluster.client(await cluster.masterOf(keySlot(keys[0]!)));
    try {
      const together = await readsOf(master, () => Promise.all(keys.map((key) => store.get(key))));
      expect(together).toBeLessThanOrEqual(2);
    } finally {
      master.disconnect();
    }
  });
});
