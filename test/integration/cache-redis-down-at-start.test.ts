import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { RedisStore } from '../../src/store/redis-store.js';
import { eventually } from '../support/mail-settled.js';
import { startRedisServer } from '../support/redis-server.js';
import { uniqueId } from '../support/shared-state.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

/**
 * A server started while Redis cannot be reached (as src/main.ts does: the store opened without
 * waiting for it) starts all the same, keeps no tenant in memory while its invalidation channel
 * is not subscribed (src/store/record-cache.ts), and once Redis is up subscribes by itself:
 * from then on it keeps tenants in memory and hears changes made through another process.
 */
describe('tenants kept in memory on a server started while Redis was down', () => {
  it('starts unsubscribed, subscribes when Redis comes up, then caches and hears changes', async () => {
    const redis = await startRedisServer();
    await redis.stop();
    const env = {
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `cache-down-${randomBytes(4).toString('hex')}:`,
    };
    const store = new RedisStore(redis.url);
    let b: TestApp | undefined;
    let a: TestApp | undefined;
    try {
      b = await startTestApp(env, { store });
      const { invalidations, tenants } = b.app.services;
      expect(invalidations.live).toBe(false);
      expect((await fetch(`${b.url}/readyz`)).status).toBe(503);

      await redis.start();
      expect(await store.waitUntilReady()).toBe(true);
      a = await startTestApp(env);
      const id = uniqueId('down');
      expect((await a.admin('POST', '/tenants', { id, displayName: 'Before Corp' })).status).toBe(
        201,
      );
      await eventually(() => invalidations.live, 'the invalidation channel subscribed at B');

      // now kept: the second read costs no round trip
      expect((await tenants.find(id))?.displayName).toBe('Before Corp');
      const before = store.traffic.roundTrips;
      expect((await tenants.find(id))?.displayName).toBe('Before Corp');
      expect(store.traffic.roundTrips - before).toBe(0);

      // and dropped when another process changes it
      expect((await a.admin('PATCH', `/tenants/${id}`, { displayName: 'After Corp' })).status).toBe(
        200,
      );
      await eventually(
        async () => (await tenants.find(id))?.displayName === 'After Corp',
        'the rename through A read at B',
        2000,
      );
    } finally {
      await a?.close();
      await b?.close();
      await redis.stop();
    }
  }, 60_000);
});
