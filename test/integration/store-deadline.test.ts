import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RedisStore } from '../../src/store/redis-store.js';
import { StoreUnavailableError } from '../../src/store/store-unavailable-error.js';
import { startRedisServer } from '../support/redis-server.js';

let redis: Awaited<ReturnType<typeof startRedisServer>>;
let store: RedisStore;
const timeoutMs = 200;

beforeAll(async () => {
  redis = await startRedisServer();
  store = new RedisStore(redis.url, timeoutMs);
  await store.waitUntilReady();
});
afterAll(async () => {
  redis.resume();
  await store.close();
  await redis.stop();
});

describe('a Redis that stops answering', () => {
  it('fails a command as unavailable within its deadline, and answers again once Redis does', async () => {
    await store.set('before', 'x');
    redis.pause();
    try {
      const started = performance.now();
      const outcome = await store.get('before').then(
        () => 'answered',
        (error: unknown) => error,
      );
      const waited = performance.now() - started;
      expect(outcome).toBeInstanceOf(StoreUnavailableError);
      // the deadline, plus at most a quarter of it for the check, plus scheduling
      expect(waited).toBeGreaterThanOrEqual(timeoutMs - 5);
      expect(waited).toBeLessThan(timeoutMs * 1.25 + 250);
    } finally {
      redis.resume();
    }
    expect(await store.get('before')).toBe('x');
  });
});
