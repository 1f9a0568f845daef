import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { MemoryStore } from '../../src/store/memory-store.js';
import { OidcAdapter } from '../../src/store/oidc-adapter.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { createKeys } from '../../src/store/keys.js';
import { oidcConsume } from '../../src/store/scripts/oidc-consume.js';
import type { Store } from '../../src/store/store.js';
import { testRedisUrl } from '../support/shared-state.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const backends: [string, () => Promise<Store>][] = [
  ['memory', async () => new MemoryStore()],
  [
    'redis',
    async () => {
      const store = new RedisStore(testRedisUrl());
      await store.waitUntilReady();
      return store;
    },
  ],
];

/** One contract, every backend: the embedded store must behave exactly like Redis. */
describe.each(backends)('store contract (%s)', (_name, make) => {
  let store: Store;
  const k = () => `contract:${randomBytes(6).toString('hex')}`;

  afterAll(async () => store?.close());

  it('starts', async () => {
    store = await make();
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('sets, gets and deletes strings', async () => {
    const key = k();
    expect(await store.get(key)).toBeNull();
    expect(await store.set(key, 'v')).toBe(true);
    expect(await store.get(key)).toBe('v');
    expect(await store.mget([key, k()])).toEqual(['v', null]);
    expect(await store.del(key)).toBe(1);
    expect(await store.del(key)).toBe(0);
  });

  it('get-and-delete reads a value once', async () => {
    const key = k();
    await store.set(key, 'once', { ttlSeconds: 60 });
    expect(await store.getAndDelete(key)).toBe('once');
    expect(await store.getAndDelete(key)).toBeNull();
    expect(await store.get(key)).toBeNull();
  });

  it('set only-if-absent refuses an existing key', async () => {
    const key = k();
    expect(await store.set(key, 'a', { onlyIfAbsent: true })).toBe(true);
    expect(await store.set(key, 'b', { onlyIfAbsent: true })).toBe(false);
    expect(await store.get(key)).toBe('a');
  });

  it('reports TTLs as Redis does and expires keys when they run out', async () => {
    const key = k();
    expect(await store.ttl(key)).toBe(-2);
    await store.set(key, 'v');
    expect(await store.ttl(key)).toBe(-1);
    await store.set(key, 'v', { ttlSeconds: 1800 });
    expect(await store.ttl(key)).toBe(1800);
    await store.set(key, 'v', { ttlSeconds: 1 });
    await sleep(1100);
    expect(await store.get(key)).toBeNull();
    expect(await store.ttl(key)).toBe(-2);
  });

  it('counts in a fixed window: the TTL is set by the first increment only', async () => {
    const key = k();
    expect(await store.incrWithTtl(key, 60)).toBe(1);
    await store.expire(key, 30);
    expect(await store.incrWithTtl(key, 60)).toBe(2);
    expect(await store.ttl(key)).toBe(30);
  });

  it('keeps hashes and sets', async () => {
    const h = k();
    await store.hset(h, { a: '1', b: '2' });
    expect(await store.hgetall(h)).toEqual({ a: '1', b: '2' });
    expect(await store.hgetall(k())).toEqual({});
    const s = k();
    expect(await store.sadd(s, 'x', 'y', 'x')).toBe(2);
    expect((await store.smembers(s)).sort()).toEqual(['x', 'y']);
    expect(await store.srem(s, 'x', 'z')).toBe(1);
    expect(await store.smembers(s)).toEqual(['y']);
  });

  it('keeps a capped stream, read newest first and paged strictly older than a cursor', async () => {
    const key = k();
    const ids: string[] = [];
    for (let i = 1; i <= 5; i += 1) ids.push(await store.streamAdd(key, { n: String(i) }, 4));
    const newest = await store.streamRange(key, undefined, 3);
    expect(newest.map((e) => e.fields.n)).toEqual(['5', '4', '3']);
    expect(newest[0]?.id).toBe(ids[4]);
    const older = await store.streamRange(key, newest[2]?.id, 3);
    expect(older.map((e) => e.fields.n)).toEqual(['2']);
    expect(await store.streamRange(k(), undefined, 3)).toEqual([]);
  });

  it('deletes every key under a prefix, and only those', async () => {
    const prefix = `${k()}:{scope*[x]}:`;
    await store.set(`${prefix}a`, '1');
    await store.hset(`${prefix}b`, { f: 'v' });
    await store.sadd(`${prefix}c`, 'm');
    await store.streamAdd(`${prefix}d`, { f: 'v' }, 10);
    const other = `${k()}:{scope*[y]}:a`;
    await store.set(other, 'keep');
    expect(await store.deleteByPrefix(prefix)).toBe(4);
    expect(await store.get(`${prefix}a`)).toBeNull();
    expect(await store.streamRange(`${prefix}d`, undefined, 5)).toEqual([]);
    expect(await store.get(other)).toBe('keep');
  });

  it('runs scripts with the same replies', async () => {
    const key = k();
    expect(await store.run(oidcConsume, [key], [1])).toBe(-1);
    await store.hset(key, { payload: '{}' });
    expect(await store.run(oidcConsume, [key], [1])).toBe(1);
    expect(await store.run(oidcConsume, [key], [2])).toBe(0);
  });

  describe('oidc-provider adapter', () => {
    const keys = createKeys(`contract-${randomBytes(3).toString('hex')}:`);
    const adapter = (model: string) => new OidcAdapter(store, keys, 'tenant:abc', model);

    it('stores a record with exactly its TTL and finds it', async () => {
      await adapter('AccessToken').upsert(
        'at1',
        { jti: 'at1', grantId: 'g1', kind: 'AccessToken' },
        3600,
      );
      expect(await adapter('AccessToken').find('at1')).toEqual({
        jti: 'at1',
        grantId: 'g1',
        kind: 'AccessToken',
      });
      expect(await store.ttl(keys.oidc('tenant:abc', 'AccessToken', 'at1'))).toBe(3600);
    });

    it('finds a session by uid', async () => {
      await adapter('Session').upsert('s1', { jti: 's1', uid: 'u1', kind: 'Session' }, 86400);
      expect(await adapter('Session').findByUid('u1')).toMatchObject({ jti: 's1' });
      expect(await store.ttl(keys.oidcSessionUid('tenant:abc', 'u1'))).toBe(86400);
    });

    it('20 parallel consumes of one code: exactly one wins', async () => {
      const codes = adapter('AuthorizationCode');
      await codes.upsert('c1', { jti: 'c1', grantId: 'g2', kind: 'AuthorizationCode' }, 60);
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => codes.consume('c1')),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(19);
      expect(rejected[0]?.reason).toMatchObject({ error: 'invalid_grant' });
      expect(await codes.find('c1')).toMatchObject({ consumed: expect.any(Number) });
    });

    it('revoking a grant deletes every token of it, and only those', async () => {
      await adapter('AccessToken').upsert('at2', { jti: 'at2', grantId: 'g3' }, 3600);
      await adapter('RefreshToken').upsert('rt2', { jti: 'rt2', grantId: 'g3' }, 7200);
      await adapter('AccessToken').upsert('at3', { jti: 'at3', grantId: 'g4' }, 3600);
      expect(await store.ttl(keys.oidcGrant('tenant:abc', 'g3'))).toBe(7200);
      await adapter('AccessToken').revokeByGrantId('g3');
      expect(await adapter('AccessToken').find('at2')).toBeUndefined();
      expect(await adapter('RefreshToken').find('rt2')).toBeUndefined();
      expect(await adapter('AccessToken').find('at3')).toBeDefined();
    });

    it('destroys a record', async () => {
      await adapter('Interaction').upsert('i1', { jti: 'i1' }, 600);
      await adapter('Interaction').destroy('i1');
      expect(await adapter('Interaction').find('i1')).toBeUndefined();
    });

    it('an expired record is gone', async () => {
      await adapter('Interaction').upsert('i2', { jti: 'i2' }, 1);
      await sleep(1100);
      expect(await adapter('Interaction').find('i2')).toBeUndefined();
    });
  });
});
