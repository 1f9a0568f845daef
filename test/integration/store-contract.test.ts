import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { OtpConfig } from '../../config/config.js';
import { Consents } from '../../src/directory/consents.js';
import { Guests } from '../../src/directory/guests.js';
import type { Guest } from '../../src/directory/guest.js';
import { Invitations } from '../../src/directory/invitations.js';
import { Passcodes } from '../../src/otp/passcodes.js';
import type { IssueResult } from '../../src/otp/passcodes.js';
import { RateLimiter } from '../../src/otp/rate-limiter.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { OidcAdapter } from '../../src/store/oidc-adapter.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { createKeys } from '../../src/store/keys.js';
import { oidcConsume } from '../../src/store/scripts/oidc-consume.js';
import { oidcRevokeGrant } from '../../src/store/scripts/oidc-revoke-grant.js';
import type { Script, Store } from '../../src/store/store.js';
import { ManualClock } from '../../src/util/clock.js';
import { clusterUser, startRedisCluster } from '../support/redis-cluster.js';
import { testRedisUrl } from '../support/shared-state.js';

/** a backend: its store, and what stops what was started for it */
type Backend = () => Promise<{ store: Store; stop?: () => Promise<void> }>;

async function ready(store: RedisStore) {
  if (!(await store.waitUntilReady())) throw new Error('the store did not become ready');
  return store;
}

const backends: [string, Backend][] = [
  ['memory', async () => ({ store: new MemoryStore() })],
  ['redis', async () => ({ store: await ready(new RedisStore(testRedisUrl())) })],
  [
    // a real 3-master Redis Cluster of its own (test/support/redis-cluster.js)
    'redis cluster',
    async () => {
      const cluster = await startRedisCluster();
      const store = await ready(
        new RedisStore({
          nodes: cluster.ports.map((port) => ({ host: '127.0.0.1', port })),
          tls: false,
          ...clusterUser,
        }),
      );
      return { store, stop: () => cluster.stop() };
    },
  ],
];

const hex = (bytes = 4) => randomBytes(bytes).toString('hex');

/** the Redis Cluster hash tag of a key (the whole key when it has none) */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = open >= 0 ? key.indexOf('}', open + 1) : -1;
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/** A store that records the keys of every script run (those read by readKeys too). */
function recording(store: Store): { store: Store; runs: { script: string; keys: string[] }[] } {
  const runs: { script: string; keys: string[] }[] = [];
  const proxy = new Proxy(store, {
    get(target, property) {
      if (property === 'run') {
        return async (script: Script, keys: string[], args: (string | number)[]) => {
          const extra = script.readKeys ? await script.readKeys(target, keys) : [];
          runs.push({ script: script.name, keys: [...keys, ...extra] });
          return target.run(script, keys, args);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: proxy, runs };
}

const defaultOtp: OtpConfig = {
  ttlSeconds: 1800,
  length: 6,
  maxAttempts: 5,
  failureBudget: 20,
  lockoutSeconds: 900,
  resendCooldownSeconds: 30,
  resendMax: 5,
  resendWindowSeconds: 3600,
};

function code(result: IssueResult): string {
  if (result.status !== 'issued') throw new Error(`expected a code, got ${JSON.stringify(result)}`);
  return result.code;
}

/** a code of the same length that is not `c` */
const wrong = (c: string) => String((Number(c) + 1) % 1_000_000).padStart(6, '0');

/** One contract, every backend: the embedded store must behave exactly like Redis. */
describe.each(backends)('store contract (%s)', (_name, make) => {
  let store: Store;
  let stop: (() => Promise<void>) | undefined;
  let recorder: ReturnType<typeof recording>;
  const k = () => `contract:${hex(6)}`;

  beforeAll(async () => {
    ({ store, stop } = await make());
    recorder = recording(store);
  });
  afterAll(async () => {
    await store?.close();
    await stop?.();
  });
  afterEach(() => {
    // every script's keys share one Redis Cluster hash tag (one slot)
    const mixed = recorder.runs.filter((run) => new Set(run.keys.map(hashTag)).size > 1);
    recorder.runs.length = 0;
    expect(mixed).toEqual([]);
  });

  /** the domain objects of one test: own key prefix, own tenant scope, own clock */
  function world(otp: Partial<OtpConfig> = {}, invitationTtlSeconds = 3600) {
    const clock = new ManualClock();
    const keys = createKeys(`contract-${hex()}:`);
    const s = recorder.store;
    return {
      clock,
      keys,
      scope: `tenant-${hex(2)}:${hex(3)}`,
      passcodes: new Passcodes(
        s,
        keys,
        { ...defaultOtp, ...otp },
        'a-server-secret-of-32-characters',
        clock,
      ),
      limiter: new RateLimiter(s, keys, clock),
      guests: new Guests(s, keys, clock),
      invitations: new Invitations(s, keys, invitationTtlSeconds, clock),
    };
  }

  it('answers a ping', async () => {
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

  it('answers commands sent together (one pipeline on Redis) as it answers them one by one', async () => {
    const [a, b, stream] = [k(), k(), k()];
    await store.set(a, 'one');
    const answers = await store.together(() =>
      Promise.all([
        store.get(a),
        store.set(b, 'two', { ttlSeconds: 60 }),
        store.streamAdd(stream, { n: '1' }, 10),
        store.hgetall(k()),
      ]),
    );
    expect([answers[0], answers[1], typeof answers[2], answers[3]]).toEqual([
      'one',
      true,
      'string',
      {},
    ]);
    expect(await store.get(b)).toBe('two');
    expect(await store.streamRange(stream, undefined, 10)).toHaveLength(1);
  });

  it('tells every subscriber of a channel what is published on it, and only them', async () => {
    const channel = k();
    const heard: string[] = [];
    const other: string[] = [];
    const listening = await store.subscribe(channel, {
      message: (text) => heard.push(text),
      reset: () => {},
    });
    const elsewhere = await store.subscribe(k(), {
      message: (text) => other.push(text),
      reset: () => {},
    });
    try {
      expect(listening.live).toBe(true);
      await store.publish(channel, 'changed:1');
      await store.publish(channel, 'changed:2');
      for (let i = 0; i < 100 && heard.length < 2; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // in any order: on a Redis Cluster each PUBLISH may go through another node and reach the
      // subscriber's node over the cluster bus (an invalidation names a key to drop: order does
      // not matter to it)
      expect({ heard: [...heard].sort(), other }).toEqual({
        heard: ['changed:1', 'changed:2'],
        other: [],
      });
    } finally {
      await listening.close();
      await elsewhere.close();
    }
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

  it('reports TTLs as Redis does, and a key whose TTL runs out is gone', async () => {
    const key = k();
    expect(await store.ttl(key)).toBe(-2);
    await store.set(key, 'v');
    expect(await store.ttl(key)).toBe(-1);
    await store.set(key, 'v', { ttlSeconds: 1800 });
    expect(await store.ttl(key)).toBe(1800);
    // no waiting: the TTL is made to run out now (EXPIRE 0, as Redis deletes at once)
    expect(await store.expire(key, 0)).toBe(true);
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
    expect(await store.scard(s)).toBe(1);
    expect(await store.scard(k())).toBe(0);
  });

  it('keeps a lexicographic index, read from the greatest member down, strictly below a cursor', async () => {
    const z = `${k()}:{index}`;
    expect(await store.lexRange(z, undefined, 10)).toEqual([]);
    expect(await store.zcard(z)).toBe(0);
    expect(await store.zadd(z, 'b|2', 'a|1', 'c|3', 'b|10', 'a|1')).toBe(4);
    expect(await store.zadd(z)).toBe(0);
    expect(await store.zcard(z)).toBe(4);
    // by bytes, not by number: 'b|10' < 'b|2'
    expect(await store.lexRange(z, undefined, 10)).toEqual(['c|3', 'b|2', 'b|10', 'a|1']);
    expect(await store.lexRange(z, undefined, 2)).toEqual(['c|3', 'b|2']);
    expect(await store.lexRange(z, 'b|2', 2)).toEqual(['b|10', 'a|1']);
    expect(await store.lexRange(z, 'a|1', 2)).toEqual([]);
    // a cursor that is not a member still pages: what sorts below it
    expect(await store.lexRange(z, 'b|5', 10)).toEqual(['b|2', 'b|10', 'a|1']);
    expect(await store.zrem(z, 'b|2', 'nope')).toBe(1);
    expect(await store.zrem(z)).toBe(0);
    expect(await store.lexRange(z, undefined, 10)).toEqual(['c|3', 'b|10', 'a|1']);
    // removing the last member removes the key, as Redis does
    expect(await store.zrem(z, 'c|3', 'b|10', 'a|1')).toBe(3);
    expect(await store.ttl(z)).toBe(-2);
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

  it('a work queue: a group reads each entry once, another consumer claims it only once idle, done deletes it', async () => {
    const key = `${k()}:{queue}`;
    expect(await store.queueOldest(key)).toBeUndefined();
    // reading creates the group: entries added before it are read too
    expect(await store.queueRead(key, 'g', 'a', 10)).toEqual([]);
    const first = await store.queueAdd(key, { n: '1' }, { maxLength: 100, ttlSeconds: 60 });
    const second = await store.queueAdd(key, { n: '2' }, { maxLength: 100, ttlSeconds: 60 });
    expect(await store.ttl(key)).toBeGreaterThan(55);
    expect(await store.queueLength(key)).toBe(2);
    expect(await store.queueOldest(key)).toBe(first);
    expect(await store.queueRead(key, 'g', 'a', 1)).toEqual([{ id: first, fields: { n: '1' } }]);
    expect(await store.queueRead(key, 'g', 'b', 10)).toEqual([{ id: second, fields: { n: '2' } }]);
    expect(await store.queueRead(key, 'g', 'a', 10)).toEqual([]);
    // held, not idle for a minute: nobody takes them over
    await store.queueHold(key, 'g', 'a', [first]);
    expect(await store.queueClaim(key, 'g', 'c', 60_000, 10)).toEqual([]);
    // idle for at least 0 ms: every pending entry, oldest first
    const claimed = await store.queueClaim(key, 'g', 'c', 0, 10);
    expect(claimed.map((e) => e.id)).toEqual([first, second]);
    await store.queueDone(key, 'g', [first]);
    expect(await store.queueLength(key)).toBe(1);
    // read and held, not finished: still the oldest
    expect(await store.queueOldest(key)).toBe(second);
    expect((await store.queueClaim(key, 'g', 'a', 0, 10)).map((e) => e.fields.n)).toEqual(['2']);
    await store.queueDone(key, 'g', [second]);
    expect(await store.queueLength(key)).toBe(0);
    expect(await store.queueOldest(key)).toBeUndefined();
    expect(await store.queueClaim(key, 'g', 'a', 0, 10)).toEqual([]);
  });

  it('a work queue is read from its first entry by a group that did not exist yet, and trimmed by age', async () => {
    const key = `${k()}:{queue}`;
    await store.queueAdd(key, { n: '1' }, { maxLength: 100, ttlSeconds: 60 });
    await store.queueAdd(key, { n: '2' }, { maxLength: 100, ttlSeconds: 60 });
    const read = await store.queueRead(key, 'late', 'a', 10);
    expect(read.map((e) => e.fields.n)).toEqual(['1', '2']);
    // nothing is a minute old yet; everything is older than a minute from now
    expect(await store.queueTrim(key, 60_000)).toBe(0);
    expect(await store.queueTrim(key, -60_000)).toBe(2);
    expect(await store.queueLength(key)).toBe(0);
    // pending entries that were trimmed are not claimed
    expect(await store.queueClaim(key, 'late', 'b', 0, 10)).toEqual([]);
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

  it('reads, deletes and sweeps keys of many hash slots (on a cluster: every master)', async () => {
    const prefix = `${k()}:`;
    // one hash tag each: on a cluster these keys spread over every master
    const spread = Array.from({ length: 24 }, (_, i) => `${prefix}{${i}}:key`);
    for (const key of spread) await store.set(key, key.slice(prefix.length));
    const missing = `${prefix}{missing}:key`;
    expect(await store.mget([spread[3]!, missing, spread[17]!, spread[3]!])).toEqual([
      '{3}:key',
      null,
      '{17}:key',
      '{3}:key',
    ]);
    expect(await store.del(spread[0]!, spread[1]!, missing)).toBe(2);
    const other = `${k()}:{${prefix}}:kept`;
    await store.set(other, 'keep');
    expect(await store.deleteByPrefix(prefix)).toBe(22);
    expect(await store.mget(spread)).toEqual(spread.map(() => null));
    expect(await store.get(other)).toBe('keep');
  });

  it('runs scripts with the same replies', async () => {
    const key = k();
    expect(await store.run(oidcConsume, [key], [1])).toBe(-1);
    await store.hset(key, { payload: '{}' });
    expect(await store.run(oidcConsume, [key], [1])).toBe(1);
    expect(await store.run(oidcConsume, [key], [2])).toBe(0);
  });

  it('refuses a script whose keys are in several hash slots, as a Redis Cluster would', async () => {
    const both: Script = { name: 'both', numberOfKeys: 2, lua: 'return 1', memory: () => 1 };
    const tag = `{${hex()}}`;
    expect(await store.run(both, [`${k()}:${tag}:a`, `${k()}:${tag}:b`], [])).toBe(1);
    await expect(store.run(both, [`${k()}:{a}`, `${k()}:{b}`], [])).rejects.toThrow(
      'script both: its keys are in several Redis Cluster hash slots',
    );
  });

  it('runs one script many times in one batch: each run as `run` would, replies in order, keys of many slots', async () => {
    // a script of its own (new to the server, so its first batch loads it)
    const addTo: Script = {
      name: `add-to-${hex()}`,
      numberOfKeys: 1,
      lua: `local v = tonumber(redis.call('GET', KEYS[1]) or '0') + tonumber(ARGV[1])
redis.call('SET', KEYS[1], v)
return v`,
      memory(db, [key], [by]) {
        const v = Number(db.get(key!) ?? '0') + Number(by);
        db.set(key!, String(v));
        return v;
      },
    };
    const spread = Array.from({ length: 12 }, (_, i) => `${k()}:{${i}}:n`);
    const calls = [...spread, spread[0]!, spread[5]!].map((key, i) => ({
      keys: [key],
      args: [i + 1],
    }));
    expect(await store.runMany(addTo, calls)).toEqual([
      ...spread.map((_, i) => i + 1),
      1 + 13,
      6 + 14,
    ]);
    expect(await store.get(spread[0]!)).toBe('14');
    expect(await store.runMany(addTo, [])).toEqual([]);
    expect(await store.runMany(addTo, [{ keys: [spread[1]!], args: [1] }])).toEqual([3]);
    const both: Script = { name: 'both', numberOfKeys: 2, lua: 'return 1', memory: () => 1 };
    await expect(
      store.runMany(both, [{ keys: [`${k()}:{a}`, `${k()}:{b}`], args: [] }]),
    ).rejects.toThrow('script both: its keys are in several Redis Cluster hash slots');
    await expect(
      store.runMany(oidcRevokeGrant, [{ keys: [`${k()}:grant`], args: [] }]),
    ).rejects.toThrow('runMany cannot run a script that reads its keys first');
  });

  it('sets many strings in one batch, each with its own TTL, keys of many slots', async () => {
    const spread = Array.from({ length: 12 }, (_, i) => `${k()}:{${i}}:s`);
    await store.setMany(
      spread.map((key, i) => ({ key, value: `v${i}`, ...(i % 2 ? { ttlSeconds: 100 + i } : {}) })),
    );
    expect(await store.mget(spread)).toEqual(spread.map((_, i) => `v${i}`));
    expect(await Promise.all(spread.map((key) => store.ttl(key)))).toEqual(
      spread.map((_, i) => (i % 2 ? 100 + i : -1)),
    );
    await store.setMany([]);
  });

  it('a script over keys read first runs again when they went stale in between', async () => {
    const keys = createKeys(`contract-${hex()}:`);
    const adapter = new OidcAdapter(store, keys, 'tenant:stale', 'AccessToken');
    await adapter.upsert('at1', { jti: 'at1', grantId: 'g1' }, 60);
    await adapter.upsert('at2', { jti: 'at2', grantId: 'g1' }, 60);
    let reads = 0;
    const racing: Script = {
      ...oidcRevokeGrant,
      // the first read misses a token written meanwhile
      readKeys: async (reader, [grant]) => {
        reads += 1;
        const members = await reader.smembers(grant!);
        return reads === 1 ? members.slice(1) : members;
      },
    };
    expect(await store.run(racing, [keys.oidcGrant('tenant:stale', 'g1')], [])).toBe(2);
    expect(reads).toBe(2);
    expect(await adapter.find('at1')).toBeUndefined();
    expect(await adapter.find('at2')).toBeUndefined();
  });

  describe('oidc-provider adapter', () => {
    const keys = createKeys(`contract-${hex(3)}:`);
    const adapter = (model: string) => new OidcAdapter(recorder.store, keys, 'tenant:abc', model);

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
      expect(await store.smembers(keys.oidcGrant('tenant:abc', 'g3'))).toEqual([]);
      expect(await adapter('AccessToken').find('at3')).toBeDefined();
    });

    it('destroys a record', async () => {
      await adapter('Interaction').upsert('i1', { jti: 'i1' }, 600);
      await adapter('Interaction').destroy('i1');
      expect(await adapter('Interaction').find('i1')).toBeUndefined();
    });

    it('a record lives exactly as long as oidc-provider says, and is gone when that runs out', async () => {
      await adapter('Interaction').upsert('i2', { jti: 'i2' }, 1);
      const key = keys.oidc('tenant:abc', 'Interaction', 'i2');
      expect(await store.ttl(key)).toBe(1);
      await store.expire(key, 0);
      expect(await adapter('Interaction').find('i2')).toBeUndefined();
    });
  });

  describe('passcodes (otp-issue, otp-verify)', () => {
    it('a code lives in the store with exactly OTP_TTL_SECONDS and is accepted once; then it is "used" until it would have expired', async () => {
      const w = world();
      const c = code(await w.passcodes.issue(w.scope, 'once@example.com', true));
      expect(await store.ttl(w.passcodes.codeKey(w.scope, 'once@example.com', c))).toBe(1800);
      expect(await w.passcodes.verify(w.scope, 'ONCE@example.com ', c)).toEqual({
        status: 'accepted',
      });
      expect(await w.passcodes.verify(w.scope, 'once@example.com', c)).toEqual({
        status: 'used',
      });
      // another code is no live code: expired, and no wrong try counted
      const other = String((Number(c) + 1) % 1_000_000).padStart(6, '0');
      expect(await w.passcodes.verify(w.scope, 'once@example.com', other)).toEqual({
        status: 'expired',
      });
      w.clock.advance(1800);
      expect(await w.passcodes.verify(w.scope, 'once@example.com', c)).toEqual({
        status: 'expired',
      });
    });

    it('a code expires when the clock passes its TTL, while the store still holds it', async () => {
      const w = world();
      const early = code(await w.passcodes.issue(w.scope, 'early@example.com', true));
      const late = code(await w.passcodes.issue(w.scope, 'late@example.com', true));
      w.clock.advance(1799);
      expect(await w.passcodes.verify(w.scope, 'early@example.com', early)).toEqual({
        status: 'accepted',
      });
      w.clock.advance(1);
      // judged by the clock, not by Redis: no real time passed, the store still holds it
      expect(await store.ttl(w.passcodes.codeKey(w.scope, 'late@example.com'))).toBeGreaterThan(0);
      expect(await w.passcodes.verify(w.scope, 'late@example.com', late)).toEqual({
        status: 'expired',
      });
    });

    it('earlier unexpired codes stay valid after a resend, and a success voids them all', async () => {
      const w = world({ resendCooldownSeconds: 0 });
      const first = code(await w.passcodes.issue(w.scope, 'slow@example.com', true));
      w.clock.advance(600);
      const second = code(await w.passcodes.issue(w.scope, 'slow@example.com', true));
      expect(await store.ttl(w.passcodes.codeKey(w.scope, 'slow@example.com'))).toBe(1800);
      w.clock.advance(1199);
      expect(await w.passcodes.verify(w.scope, 'slow@example.com', first)).toEqual({
        status: 'accepted',
      });
      expect(await w.passcodes.verify(w.scope, 'slow@example.com', second)).toEqual({
        status: 'expired',
      });
    });

    it('an earlier code expires on its own time, not the newest one’s', async () => {
      const w = world({ resendCooldownSeconds: 0 });
      const first = code(await w.passcodes.issue(w.scope, 'two@example.com', true));
      w.clock.advance(1000);
      const second = code(await w.passcodes.issue(w.scope, 'two@example.com', true));
      w.clock.advance(800);
      expect(await w.passcodes.verify(w.scope, 'two@example.com', first)).toEqual({
        status: 'wrong',
        triesLeft: 4,
      });
      expect(await w.passcodes.verify(w.scope, 'two@example.com', second)).toEqual({
        status: 'accepted',
      });
    });

    it('the resend cool-down is judged by the clock', async () => {
      const w = world();
      code(await w.passcodes.issue(w.scope, 'cool@example.com', true));
      expect(await w.passcodes.issue(w.scope, 'cool@example.com', true)).toEqual({
        status: 'cooldown',
        retryAfterSeconds: 30,
      });
      w.clock.advance(29);
      expect(await w.passcodes.issue(w.scope, 'cool@example.com', true)).toEqual({
        status: 'cooldown',
        retryAfterSeconds: 1,
      });
      w.clock.advance(1);
      expect((await w.passcodes.issue(w.scope, 'cool@example.com', true)).status).toBe('issued');
    });

    it('at most OTP_RESEND_MAX codes a window, the window judged by the clock', async () => {
      const w = world({ resendCooldownSeconds: 0, resendMax: 3, resendWindowSeconds: 3600 });
      for (let i = 0; i < 3; i += 1) {
        code(await w.passcodes.issue(w.scope, 'cap@example.com', true));
        w.clock.advance(100);
      }
      expect(await w.passcodes.issue(w.scope, 'cap@example.com', true)).toEqual({
        status: 'capped',
        retryAfterSeconds: 3300,
      });
      w.clock.advance(3299);
      expect((await w.passcodes.issue(w.scope, 'cap@example.com', true)).status).toBe('capped');
      w.clock.advance(1);
      expect((await w.passcodes.issue(w.scope, 'cap@example.com', true)).status).toBe('issued');
    });

    it('at most OTP_MAX_ATTEMPTS wrong tries a code; then even the right code is refused', async () => {
      const w = world();
      const c = code(await w.passcodes.issue(w.scope, 'tries@example.com', true));
      const seen = [];
      for (let i = 0; i < 5; i += 1)
        seen.push(await w.passcodes.verify(w.scope, 'tries@example.com', wrong(c)));
      expect(seen).toEqual([
        { status: 'wrong', triesLeft: 4 },
        { status: 'wrong', triesLeft: 3 },
        { status: 'wrong', triesLeft: 2 },
        { status: 'wrong', triesLeft: 1 },
        { status: 'exhausted' },
      ]);
      expect(await w.passcodes.verify(w.scope, 'tries@example.com', c)).toEqual({
        status: 'exhausted',
      });
      // a new code clears the "too many tries" answer
      const next = code(await issueLater(w, 'tries@example.com'));
      expect(await w.passcodes.verify(w.scope, 'tries@example.com', next)).toEqual({
        status: 'accepted',
      });
    });

    async function issueLater(w: ReturnType<typeof world>, email: string) {
      w.clock.advance(defaultOtp.resendCooldownSeconds);
      return w.passcodes.issue(w.scope, email, true);
    }

    it('the failure run survives resends and locks for OTP_LOCKOUT_SECONDS by the clock', async () => {
      const w = world({ resendCooldownSeconds: 0, resendMax: 100 });
      let c = code(await w.passcodes.issue(w.scope, 'budget@example.com', true));
      let last;
      for (let failure = 1; failure <= 20; failure += 1) {
        last = await w.passcodes.verify(w.scope, 'budget@example.com', wrong(c));
        if (failure % 4 === 0 && failure < 20)
          c = code(await w.passcodes.issue(w.scope, 'budget@example.com', true));
      }
      expect(last).toEqual({ status: 'locked', retryAfterSeconds: 900 });
      expect(await w.passcodes.issue(w.scope, 'budget@example.com', true)).toEqual({
        status: 'locked',
        retryAfterSeconds: 900,
      });
      w.clock.advance(899);
      expect(await w.passcodes.verify(w.scope, 'budget@example.com', c)).toEqual({
        status: 'locked',
        retryAfterSeconds: 1,
      });
      w.clock.advance(1);
      c = code(await w.passcodes.issue(w.scope, 'budget@example.com', true));
      expect(await w.passcodes.verify(w.scope, 'budget@example.com', c)).toEqual({
        status: 'accepted',
      });
    });

    it('the failure run is forgotten after a day without failures', async () => {
      const w = world({ failureBudget: 3, resendCooldownSeconds: 0 });
      const fail = async () => {
        const c = code(await w.passcodes.issue(w.scope, 'run@example.com', true));
        return (await w.passcodes.verify(w.scope, 'run@example.com', wrong(c))).status;
      };
      expect([await fail(), await fail()]).toEqual(['wrong', 'wrong']);
      w.clock.advance(86400);
      expect(await fail()).toBe('wrong');
      w.clock.advance(86399);
      expect(await fail()).toBe('wrong');
      expect(await fail()).toBe('locked');
    });

    it('20 parallel submissions of one code: exactly one success', async () => {
      const w = world();
      const c = code(await w.passcodes.issue(w.scope, 'race@example.com', true));
      const results = await Promise.all(
        Array.from({ length: 20 }, () => w.passcodes.verify(w.scope, 'race@example.com', c)),
      );
      expect(results.filter((r) => r.status === 'accepted')).toHaveLength(1);
      // the others came second: the code was already used
      expect(results.filter((r) => r.status === 'used')).toHaveLength(19);
    });

    it('a code is bound to its tenant and address; an uninvited address gets one nothing matches', async () => {
      const w = world();
      const c = code(await w.passcodes.issue(w.scope, 'bound@example.com', true));
      const other = `${w.scope}-other`;
      code(await w.passcodes.issue(other, 'bound@example.com', true));
      expect((await w.passcodes.verify(other, 'bound@example.com', c)).status).toBe('wrong');
      expect((await w.passcodes.verify(w.scope, 'else@example.com', c)).status).toBe('expired');
      const decoy = code(await w.passcodes.issue(w.scope, 'stranger@example.com', false));
      expect(await w.passcodes.verify(w.scope, 'stranger@example.com', decoy)).toEqual({
        status: 'wrong',
        triesLeft: 4,
      });
    });
  });

  describe('per-IP rate limits (rate-limit-hit)', () => {
    it('fixed windows, judged by the clock', async () => {
      const w = world();
      const ip = `10.0.0.${hex(1)}`;
      expect(await w.limiter.hit('send', ip, 2, 600)).toBeUndefined();
      w.clock.advance(100);
      expect(await w.limiter.hit('send', ip, 2, 600)).toBeUndefined();
      expect(await w.limiter.hit('send', ip, 2, 600)).toBe(500);
      expect(await w.limiter.hit('verify', ip, 2, 600)).toBeUndefined();
      w.clock.advance(499);
      expect(await w.limiter.hit('send', ip, 2, 600)).toBe(1);
      w.clock.advance(1);
      expect(await w.limiter.hit('send', ip, 2, 600)).toBeUndefined();
      expect(await store.ttl(w.keys.rateLimit('send', ip))).toBe(600);
    });
  });

  describe('invitations', () => {
    it('a link works until the clock passes its TTL; the store holds it exactly that long', async () => {
      const w = world({}, 7200);
      const token = await w.invitations.create(w.scope, 'guest-1');
      expect(await w.invitations.find(w.scope, token)).toMatchObject({
        guestId: 'guest-1',
        createdAt: '2026-01-01T00:00:00.000Z',
        expiresAt: '2026-01-01T02:00:00.000Z',
      });
      w.clock.advance(7199);
      expect(await w.invitations.find(w.scope, token)).toBeDefined();
      w.clock.advance(1);
      expect(await w.invitations.find(w.scope, token)).toBeUndefined();
      expect(await w.invitations.find(w.scope, 'not-a-token')).toBeUndefined();
    });
    it('createMany makes one working link a guest, each living as long as one from create', async () => {
      const w = world({}, 7200);
      const tokens = await w.invitations.createMany(w.scope, ['guest-1', 'guest-2']);
      expect(new Set(tokens).size).toBe(2);
      expect(await w.invitations.find(w.scope, tokens[1]!)).toMatchObject({
        guestId: 'guest-2',
        expiresAt: '2026-01-01T02:00:00.000Z',
      });
      w.clock.advance(7200);
      expect(await w.invitations.find(w.scope, tokens[0]!)).toBeUndefined();
      expect(await w.invitations.createMany(w.scope, [])).toEqual([]);
    });
  });

  describe('guests', () => {
    const input = (email: string, displayName: string | null = null) => ({
      email,
      displayName,
      redirectUrl: 'https://apps.example.com/welcome',
    });

    /** every guest in the set has its record and its email entry; every email entry its guest */
    async function expectConsistent(w: ReturnType<typeof world>, emails: string[]) {
      const ids = await store.smembers(w.keys.guestIndex(w.scope));
      for (const id of ids) {
        const guest = await w.guests.find(w.scope, id);
        expect(guest).toBeDefined();
        expect(await store.get(w.keys.guestByEmail(w.scope, guest!.email.toLowerCase()))).toBe(id);
      }
      for (const email of emails) {
        const id = await store.get(w.keys.guestByEmail(w.scope, email.toLowerCase()));
        if (id) expect(ids).toContain(id);
      }
    }

    it('invites a new guest, and answers the same guest for the same address again', async () => {
      const w = world();
      const { guest, created } = await w.guests.invite(w.scope, input(' Ann@Example.com ', 'Ann'));
      expect(created).toBe(true);
      expect(guest).toEqual({
        id: expect.any(String),
        email: 'Ann@Example.com',
        displayName: 'Ann',
        state: 'pendingAcceptance',
        authMethod: null,
        redirectUrl: 'https://apps.example.com/welcome',
        invitedAt: '2026-01-01T00:00:00.000Z',
        redeemedAt: null,
      });
      w.clock.advance(60);
      const again = await w.guests.invite(w.scope, input('ann@example.com', 'Other'));
      expect(again).toEqual({ guest, created: false });
      expect(await w.guests.find(w.scope, guest.id)).toEqual(guest);
      expect(await w.guests.findByEmail(w.scope, 'ANN@example.com')).toEqual(guest);
      expect(await w.guests.list(w.scope)).toEqual([guest]);
      await expectConsistent(w, ['ann@example.com']);
      // the hash-tag check after each test sees these runs
      expect(recorder.runs.map((run) => run.script)).toContain('guest-invite');
    });

    it('inviteMany invites many addresses as invite does one: new ones created, existing ones answered, in order', async () => {
      const w = world();
      const { guest: ann } = await w.guests.invite(w.scope, input('ann@example.com', 'Ann'));
      const many = await w.guests.inviteMany(w.scope, [
        input('bob@example.com', 'Bob'),
        input('ANN@example.com', 'Other'),
        input('cy@example.com'),
      ]);
      expect(many.map((m) => [m.guest.email, m.created])).toEqual([
        ['bob@example.com', true],
        ['ann@example.com', false],
        ['cy@example.com', true],
      ]);
      expect(many[1]!.guest).toEqual(ann);
      expect(
        await w.guests.findManyByEmail(w.scope, [
          'cy@example.com',
          'x@example.com',
          'BOB@example.com',
        ]),
      ).toEqual([many[2]!.guest, undefined, many[0]!.guest]);
      expect(await w.guests.list(w.scope)).toHaveLength(3);
      await expectConsistent(w, ['ann@example.com', 'bob@example.com', 'cy@example.com']);
    });

    it('inviteMany and invite racing over the same addresses make exactly one guest each', async () => {
      const w = world();
      const emails = Array.from({ length: 5 }, (_, i) => `race${i}@example.com`);
      const results = await Promise.all([
        ...Array.from({ length: 5 }, () =>
          w.guests.inviteMany(
            w.scope,
            emails.map((e) => input(e)),
          ),
        ),
        ...emails.flatMap((e) => [
          w.guests.invite(w.scope, input(e)),
          w.guests.invite(w.scope, input(e)),
        ]),
      ]);
      const answers = results.flat();
      for (const email of emails) {
        const of = answers.filter((a) => a.guest.email === email);
        expect(of.filter((a) => a.created)).toHaveLength(1);
        expect(new Set(of.map((a) => a.guest.id)).size).toBe(1);
      }
      expect(await w.guests.list(w.scope)).toHaveLength(5);
      await expectConsistent(w, emails);
    });

    it('20 concurrent invitations of one address make exactly one guest', async () => {
      const w = world();
      const results = await Promise.all(
        Array.from({ length: 20 }, () => w.guests.invite(w.scope, input('crowd@example.com'))),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.guest.id)).size).toBe(1);
      expect(await w.guests.list(w.scope)).toHaveLength(1);
      await expectConsistent(w, ['crowd@example.com']);
    });

    it('concurrent invitations and deletions leave no orphan record or index entry', async () => {
      const w = world();
      const emails = ['a@example.com', 'b@example.com'];
      for (let round = 0; round < 5; round += 1) {
        const guests = await Promise.all(emails.map((e) => w.guests.invite(w.scope, input(e))));
        await Promise.all([
          ...guests.map(({ guest }) => w.guests.delete(w.scope, guest)),
          ...emails.flatMap((e) => [
            w.guests.invite(w.scope, input(e)),
            w.guests.invite(w.scope, input(e)),
          ]),
        ]);
        await expectConsistent(w, emails);
      }
    });

    it('redeemIfPending: only a pending guest becomes accepted; the method is sticky', async () => {
      const w = world();
      const { guest } = await w.guests.invite(w.scope, input('fed@example.com'));
      w.clock.advance(3600);
      const federation = { issuer: 'https://idp.example.com', subject: 'sub-1' };
      const redeemed = await w.guests.redeemIfPending(w.scope, guest.id, 'federation', federation);
      const expected: Guest = {
        ...guest,
        state: 'accepted',
        authMethod: 'federation',
        federation,
        redeemedAt: '2026-01-01T01:00:00.000Z',
      };
      expect(redeemed).toEqual(expected);
      expect(await w.guests.find(w.scope, guest.id)).toEqual(expected);
      w.clock.advance(60);
      expect(await w.guests.redeemIfPending(w.scope, guest.id, 'otp')).toEqual(expected);
      expect(await w.guests.redeem(w.scope, guest, 'otp')).toEqual(expected);
      expect(await w.guests.redeemIfPending(w.scope, 'no-such-guest', 'otp')).toBeUndefined();
    });

    it('concurrent redemptions with different methods: one wins, all answer its record', async () => {
      const w = world();
      const { guest } = await w.guests.invite(w.scope, input('both@example.com'));
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          w.guests.redeemIfPending(w.scope, guest.id, i % 2 ? 'otp' : 'federation'),
        ),
      );
      expect(new Set(results.map((r) => JSON.stringify(r && Object.entries(r).sort()))).size).toBe(
        1,
      );
      expect(results[0]?.state).toBe('accepted');
    });

    it('a guest deleted during a sign-in stays deleted (redeem, save)', async () => {
      const w = world();
      const { guest } = await w.guests.invite(w.scope, input('gone@example.com'));
      expect(await w.guests.delete(w.scope, guest)).toBe(true);
      expect(await w.guests.redeemIfPending(w.scope, guest.id, 'otp')).toBeUndefined();
      await expect(w.guests.redeem(w.scope, guest, 'otp')).rejects.toMatchObject({ status: 404 });
      expect(await w.guests.saveIfExists(w.scope, { ...guest, displayName: 'Back' })).toBe(false);
      expect(await w.guests.find(w.scope, guest.id)).toBeUndefined();
      expect(await w.guests.findByEmail(w.scope, 'gone@example.com')).toBeUndefined();
      expect(await w.guests.list(w.scope)).toEqual([]);
      expect(await w.guests.delete(w.scope, guest)).toBe(false);
    });

    it('saveIfExists writes a guest that exists', async () => {
      const w = world();
      const { guest } = await w.guests.invite(w.scope, input('save@example.com'));
      expect(await w.guests.saveIfExists(w.scope, { ...guest, displayName: 'Saved' })).toBe(true);
      expect(await w.guests.find(w.scope, guest.id)).toEqual({ ...guest, displayName: 'Saved' });
    });

    it('a deleted address is invited again as a fresh guest, which deleting the old one leaves alone', async () => {
      const w = world();
      const { guest: old } = await w.guests.invite(w.scope, input('again@example.com'));
      await w.guests.redeemIfPending(w.scope, old.id, 'otp');
      await w.guests.delete(w.scope, old);
      const { guest: fresh, created } = await w.guests.invite(w.scope, input('again@example.com'));
      expect(created).toBe(true);
      expect(fresh.id).not.toBe(old.id);
      expect(fresh).toMatchObject({ state: 'pendingAcceptance', authMethod: null });
      await w.guests.delete(w.scope, old);
      expect(await w.guests.findByEmail(w.scope, 'again@example.com')).toEqual(fresh);
      await expectConsistent(w, ['again@example.com']);
    });

    it('pages guests newest invitation first, each page after the last one, whatever was invited or deleted meanwhile', async () => {
      const w = world();
      const invited: Guest[] = [];
      for (const name of ['a', 'b', 'c', 'd', 'e']) {
        invited.push((await w.guests.invite(w.scope, input(`${name}@example.com`))).guest);
        w.clock.advance(1);
      }
      // two of one batch share their invitation time: their ids order them
      const batch = await w.guests.inviteMany(w.scope, [
        input('f@example.com'),
        input('g@example.com'),
      ]);
      const newest = [...batch.map((b) => b.guest)].sort((x, y) => (x.id < y.id ? 1 : -1));
      const first = await w.guests.page(w.scope, 3);
      expect(first.total).toBe(7);
      expect(first.items.map((g) => g.email)).toEqual([
        ...newest.map((g) => g.email),
        'e@example.com',
      ]);
      expect(first.next).not.toBeNull();
      // invited and deleted between pages: the next page goes on after the last one shown
      await w.guests.delete(w.scope, invited[3]!);
      w.clock.advance(1);
      await w.guests.invite(w.scope, input('late@example.com'));
      const second = await w.guests.page(w.scope, 3, first.next!);
      expect(second.items.map((g) => g.email)).toEqual([
        'c@example.com',
        'b@example.com',
        'a@example.com',
      ]);
      expect(second.total).toBe(7);
      // the last page, exactly full: nothing follows it
      expect(second.next).toBeNull();
      // the page's guests are the records themselves
      expect((await w.guests.page(w.scope, 1)).items).toEqual([
        await w.guests.findByEmail(w.scope, 'late@example.com'),
      ]);
    });

    /** a, b and c invited a second apart, and what a process without the order writes */
    async function earlierVersion(w: ReturnType<typeof world>) {
      const made: Guest[] = [];
      for (const name of ['a', 'b', 'c']) {
        made.push((await w.guests.invite(w.scope, input(`${name}@example.com`))).guest);
        w.clock.advance(1);
      }
      return {
        made,
        /** invited as the earlier scripts did: record, email entry, set entry, no member */
        async invite(id: string, email: string) {
          const guest: Guest = {
            ...made[0]!,
            id,
            email,
            invitedAt: new Date(w.clock.now()).toISOString(),
          };
          await store.set(w.keys.guest(w.scope, id), JSON.stringify(guest));
          await store.set(w.keys.guestByEmail(w.scope, email), id);
          await store.sadd(w.keys.guestIndex(w.scope), id);
        },
        /** deleted as the earlier scripts did: record, email entry, set entry, member left */
        async delete(guest: Guest) {
          await store.del(
            w.keys.guest(w.scope, guest.id),
            w.keys.guestByEmail(w.scope, guest.email.toLowerCase()),
          );
          await store.srem(w.keys.guestIndex(w.scope), guest.id);
        },
      };
    }
    const emailsOf = async (w: ReturnType<typeof world>) =>
      (await w.guests.page(w.scope, 10)).items.map((g) => g.email);

    it('mends an order a process of an earlier version changed: a guest it invited is added, one it deleted dropped', async () => {
      const w = world();
      const old = await earlierVersion(w);
      await old.invite('old-version-d', 'd@example.com');
      expect(await emailsOf(w)).toEqual([
        'd@example.com',
        'c@example.com',
        'b@example.com',
        'a@example.com',
      ]);
      await old.delete(old.made[1]!);
      expect(await emailsOf(w)).toEqual(['d@example.com', 'c@example.com', 'a@example.com']);
      expect(await store.zcard(w.keys.guestOrder(w.scope))).toBe(3);
      expect((await w.guests.page(w.scope, 10)).total).toBe(3);
    });

    it('mends an order whose count is right but whose members are not: one guest deleted and another invited without it', async () => {
      const w = world();
      const old = await earlierVersion(w);
      await old.delete(old.made[1]!);
      await old.invite('old-version-d', 'd@example.com');
      const page = await w.guests.page(w.scope, 10);
      expect(page.items.map((g) => g.email)).toEqual([
        'd@example.com',
        'c@example.com',
        'a@example.com',
      ]);
      expect(page.total).toBe(3);
      expect(await store.zcard(w.keys.guestOrder(w.scope))).toBe(3);
    });

    it('builds the invitation order of guests invited before it existed, and drops set entries whose record is gone', async () => {
      const w = world();
      for (const name of ['a', 'b', 'c']) {
        await w.guests.invite(w.scope, input(`${name}@example.com`));
        w.clock.advance(1);
      }
      // as a store written before the order existed: the set, no order; and a lost entry
      await store.del(w.keys.guestOrder(w.scope));
      await store.sadd(w.keys.guestIndex(w.scope), 'lost-guest');
      const page = await w.guests.page(w.scope, 10);
      expect(page.items.map((g) => g.email)).toEqual([
        'c@example.com',
        'b@example.com',
        'a@example.com',
      ]);
      expect(page.next).toBeNull();
      expect(await store.smembers(w.keys.guestIndex(w.scope))).not.toContain('lost-guest');
      expect(await store.zcard(w.keys.guestOrder(w.scope))).toBe(3);
      expect((await w.guests.page(w.scope, 10)).total).toBe(3);
    });

    it('an email index entry whose record is gone is replaced by a fresh guest', async () => {
      const w = world();
      await store.set(w.keys.guestByEmail(w.scope, 'orphan@example.com'), 'lost-guest');
      await store.sadd(w.keys.guestIndex(w.scope), 'lost-guest');
      const { guest, created } = await w.guests.invite(w.scope, input('orphan@example.com'));
      expect(created).toBe(true);
      expect(await store.smembers(w.keys.guestIndex(w.scope))).toEqual([guest.id]);
      await expectConsistent(w, ['orphan@example.com']);
    });
  });

  describe('guest lifecycle (consent-remember, consent-forget, end-client-grants, reset)', () => {
    const input = (email: string) => ({
      email,
      displayName: null,
      redirectUrl: 'https://apps.example.com/welcome',
    });
    const allowed = (scopes: string[], resources: Record<string, string[]> = {}) => ({
      scopes,
      claims: [],
      resources,
    });

    it('remembers consents per guest and client, merging what is allowed later, only while the guest exists', async () => {
      const w = world();
      const consents = new Consents(recorder.store, w.keys, w.clock);
      const { guest } = await w.guests.invite(w.scope, input('consent@example.com'));
      expect(await consents.remember(w.scope, guest.id, 'app', allowed(['openid', 'email']))).toBe(
        true,
      );
      w.clock.advance(60);
      expect(
        await consents.remember(
          w.scope,
          guest.id,
          'app',
          allowed(['openid', 'profile'], { 'https://api.example.com': ['read'] }),
        ),
      ).toBe(true);
      await consents.remember(w.scope, guest.id, 'other', allowed(['openid']));
      expect(await consents.find(w.scope, guest.id, 'app')).toEqual({
        clientId: 'app',
        scopes: ['openid', 'email', 'profile'],
        claims: [],
        resources: { 'https://api.example.com': ['read'] },
        grantedAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:01:00.000Z',
      });
      expect((await consents.list(w.scope, guest.id)).map((c) => c.clientId)).toEqual([
        'app',
        'other',
      ]);
      expect(await consents.find(w.scope, guest.id, 'nobody')).toBeUndefined();

      expect(await w.guests.delete(w.scope, guest)).toBe(true);
      expect(await consents.remember(w.scope, guest.id, 'late', allowed(['openid']))).toBe(false);
      expect(await consents.find(w.scope, guest.id, 'late')).toBeUndefined();
      expect(await consents.forgetAll(w.scope, guest.id)).toBe(2);
      expect(await consents.list(w.scope, guest.id)).toEqual([]);
      expect(recorder.runs.map((run) => run.script)).toContain('consent-remember');
    });

    it("revoking a consent forgets it and ends that client's grants with their tokens, and no other client's", async () => {
      const w = world();
      const consents = new Consents(recorder.store, w.keys, w.clock);
      const { guest } = await w.guests.invite(w.scope, input('revoke@example.com'));
      const adapter = (model: string) => new OidcAdapter(recorder.store, w.keys, w.scope, model);
      for (const [grant, clientId] of [
        ['g-app-1', 'app'],
        ['g-app-2', 'app'],
        ['g-other', 'other'],
      ] as const) {
        await adapter('Grant').upsert(
          grant,
          { jti: grant, kind: 'Grant', accountId: guest.id, clientId },
          3600,
        );
        await adapter('AccessToken').upsert(
          `at-${grant}`,
          { jti: `at-${grant}`, grantId: grant },
          3600,
        );
      }
      await consents.remember(w.scope, guest.id, 'app', allowed(['openid']));

      expect(await consents.revoke(w.scope, guest.id, 'app')).toBe(true);
      expect(await consents.find(w.scope, guest.id, 'app')).toBeUndefined();
      expect(await adapter('Grant').find('g-app-1')).toBeUndefined();
      expect(await adapter('Grant').find('g-app-2')).toBeUndefined();
      expect(await adapter('AccessToken').find('at-g-app-1')).toBeUndefined();
      expect(await adapter('AccessToken').find('at-g-app-2')).toBeUndefined();
      expect(await adapter('Grant').find('g-other')).toBeDefined();
      expect(await adapter('AccessToken').find('at-g-other')).toBeDefined();
      expect(await store.smembers(w.keys.oidcAccount(w.scope, guest.id))).toEqual([
        w.keys.oidc(w.scope, 'Grant', 'g-other'),
      ]);
      // nothing left to revoke
      expect(await consents.revoke(w.scope, guest.id, 'app')).toBe(false);
    });

    it('reset redemption keeps the id and address and clears method, binding and redemption; a deleted guest stays deleted', async () => {
      const w = world();
      const { guest } = await w.guests.invite(w.scope, input('reset@example.com'));
      const federation = { issuer: 'https://idp.example.com', subject: 'sub-1' };
      const redeemed = await w.guests.redeem(w.scope, guest, 'federation', federation);
      const reset = await w.guests.resetRedemption(
        w.scope,
        redeemed,
        'https://apps.example.com/new',
      );
      const expected: Guest = {
        ...guest,
        redirectUrl: 'https://apps.example.com/new',
      };
      expect(reset).toEqual(expected);
      expect(await w.guests.find(w.scope, guest.id)).toEqual(expected);
      expect(await w.guests.findByEmail(w.scope, 'reset@example.com')).toEqual(expected);
      // the next redemption chooses anew
      expect(await w.guests.redeemIfPending(w.scope, guest.id, 'otp')).toMatchObject({
        authMethod: 'otp',
        state: 'accepted',
      });
      await w.guests.delete(w.scope, guest);
      expect(await w.guests.resetRedemption(w.scope, redeemed)).toBeUndefined();
      expect(await w.guests.find(w.scope, guest.id)).toBeUndefined();
    });
  });
});
