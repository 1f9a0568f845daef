import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Guests } from '../../src/directory/guests.js';
import { Passkeys } from '../../src/directory/passkeys.js';
import { createKeys } from '../../src/store/keys.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { RedisStore } from '../../src/store/redis-store.js';
import type { Script, Store } from '../../src/store/store.js';
import { ManualClock } from '../../src/util/clock.js';
import { testRedisUrl } from '../support/shared-state.js';

/**
 * The passkey rules of the store (src/directory/passkeys.ts, src/store/scripts/passkey.ts),
 * held to the same answers on Redis and the memory store: challenges single-use and
 * expiring, signature counters, a credential bound to one guest of one tenant, removal.
 */
const hex = () => randomBytes(4).toString('hex');
const passkey = (id: string, counter = 0) => ({
  id,
  publicKey: 'cHVibGlj',
  transports: ['internal'],
  deviceType: 'multiDevice',
  backedUp: true,
  counter,
});

describe.each([
  ['memory', async () => new MemoryStore() as Store],
  [
    'redis',
    async () => {
      const redis = new RedisStore(testRedisUrl());
      if (!(await redis.waitUntilReady())) throw new Error('the store did not become ready');
      return redis as Store;
    },
  ],
])('passkeys on the %s store', (_name, makeStore) => {
  let store: Store;
  let clock: ManualClock;
  let keys: ReturnType<typeof createKeys>;
  let guests: Guests;
  let passkeys: Passkeys;
  const scripts: { script: string; keys: string[] }[] = [];

  beforeAll(async () => {
    const inner = await makeStore();
    store = {
      ...inner,
      kind: inner.kind,
      get: (k) => inner.get(k),
      mget: (k) => inner.mget(k),
      set: (k, v, o) => inner.set(k, v, o),
      del: (...k) => inner.del(...k),
      getAndDelete: (k) => inner.getAndDelete(k),
      expire: (k, s) => inner.expire(k, s),
      ttl: (k) => inner.ttl(k),
      incrWithTtl: (k, s) => inner.incrWithTtl(k, s),
      hgetall: (k) => inner.hgetall(k),
      hset: (k, f) => inner.hset(k, f),
      sadd: (k, ...m) => inner.sadd(k, ...m),
      srem: (k, ...m) => inner.srem(k, ...m),
      smembers: (k) => inner.smembers(k),
      streamAdd: (k, f, m) => inner.streamAdd(k, f, m),
      streamRange: (k, b, c) => inner.streamRange(k, b, c),
      run: (script: Script, k: string[], a: (string | number)[]) => {
        scripts.push({ script: script.name, keys: k });
        return inner.run(script, k, a);
      },
      deleteByPrefix: (p) => inner.deleteByPrefix(p),
      ping: () => inner.ping(),
      close: () => inner.close(),
    };
    clock = new ManualClock(Date.now());
    keys = createKeys(`test-passkeys-${hex()}:`);
    guests = new Guests(store, keys, clock);
    passkeys = new Passkeys(store, keys, clock);
  });
  afterAll(async () => store.close());

  const newGuest = async (scope: string) =>
    (
      await guests.invite(scope, {
        email: `${hex()}@example.com`,
        displayName: null,
        redirectUrl: 'https://apps.example.com',
      })
    ).guest;

  it('a challenge is taken once, only for its scope, purpose and subject, under a current secret, and not after it expired', async () => {
    const scope = `t${hex()}:i`;
    const secrets = ['secret-one'];
    const forGuest = { purpose: 'register', subject: 'g1' } as const;
    const issue = (ttl = 300, under = secrets) =>
      passkeys.issueChallenge(scope, forGuest, ttl, under);
    const a = issue();
    expect(a).toMatch(/^[\w-]{54}$/);
    expect(issue()).not.toBe(a);
    expect(await passkeys.takeChallenge(scope, a, forGuest, secrets)).toBe(true);
    expect(await passkeys.takeChallenge(scope, a, forGuest, secrets)).toBe(false);

    const refused: [
      string,
      string,
      { purpose: 'register' | 'sign-in'; subject: string },
      string[],
    ][] = [
      ['another purpose', scope, { purpose: 'sign-in', subject: 'g1' }, secrets],
      ['another subject', scope, { purpose: 'register', subject: 'g2' }, secrets],
      ['another tenant', `t${hex()}:i`, forGuest, secrets],
      ['another secret', scope, forGuest, ['secret-two']],
    ];
    const b = issue();
    for (const [, inScope, expected, under] of refused)
      expect(await passkeys.takeChallenge(inScope, b, expected, under)).toBe(false);
    // refusing it claimed nothing: the right answer still takes it, once
    expect(await passkeys.takeChallenge(scope, b, forGuest, secrets)).toBe(true);

    // rotation: a challenge sealed under the old first secret is taken while it is still listed
    const c = issue(300, ['old']);
    expect(await passkeys.takeChallenge(scope, c, forGuest, ['new', 'old'])).toBe(true);

    // tampered (one character of the seal) or made up
    const d = issue();
    const tampered = d.slice(0, -2) + (d.at(-2) === 'A' ? 'B' : 'A') + d.at(-1);
    expect(await passkeys.takeChallenge(scope, tampered, forGuest, secrets)).toBe(false);
    expect(await passkeys.takeChallenge(scope, 'made-up-challenge-0000', forGuest, secrets)).toBe(
      false,
    );

    const e = issue();
    clock.advance(301);
    expect(await passkeys.takeChallenge(scope, e, forGuest, secrets)).toBe(false);
  });

  it('a credential is bound to one guest of one tenant; a deleted guest gets none', async () => {
    const scope = `t${hex()}:i`;
    const [ann, bob] = [await newGuest(scope), await newGuest(scope)];
    const id = `cred-${hex()}`;
    expect(await passkeys.add(scope, ann.id, passkey(id))).toBe('added');
    expect(await passkeys.add(scope, bob.id, passkey(id))).toBe('taken');
    expect(await passkeys.add(scope, ann.id, passkey(id))).toBe('taken');
    expect((await passkeys.find(scope, id))?.guestId).toBe(ann.id);
    expect(await passkeys.list(scope, bob.id)).toEqual([]);
    // another tenant (scope) does not know it
    expect(await passkeys.find(`t${hex()}:i`, id)).toBeUndefined();
    await guests.delete(scope, bob);
    expect(await passkeys.add(scope, bob.id, passkey(`cred-${hex()}`))).toBe('no-guest');
    // every key of every script shares the tenant's hash tag
    const tag = (key: string) => key.slice(key.indexOf('{'), key.indexOf('}') + 1);
    expect(scripts.length).toBeGreaterThan(0);
    for (const run of scripts) expect(new Set(run.keys.map(tag)).size).toBe(1);
  });

  it('a sign-in records the signature counter only when it grew (or the authenticator keeps none)', async () => {
    const scope = `t${hex()}:i`;
    const guest = await newGuest(scope);
    const counted = `cred-${hex()}`;
    await passkeys.add(scope, guest.id, passkey(counted, 5));
    expect(await passkeys.use(scope, guest.id, counted, 5)).toBe('replayed');
    expect(await passkeys.use(scope, guest.id, counted, 4)).toBe('replayed');
    expect(await passkeys.use(scope, guest.id, counted, 6)).toBe('recorded');
    expect((await passkeys.find(scope, counted))?.passkey.counter).toBe(6);
    expect(await passkeys.use(scope, guest.id, counted, 6)).toBe('replayed');

    const uncounted = `cred-${hex()}`;
    await passkeys.add(scope, guest.id, passkey(uncounted, 0));
    expect(await passkeys.use(scope, guest.id, uncounted, 0)).toBe('recorded');
    expect(await passkeys.use(scope, guest.id, uncounted, 0)).toBe('recorded');
    expect(await passkeys.use(scope, guest.id, `cred-${hex()}`, 1)).toBe('missing');
  });

  it('removing one passkey, then all of a guest, frees the credentials', async () => {
    const scope = `t${hex()}:i`;
    const guest = await newGuest(scope);
    const [one, two] = [`cred-${hex()}`, `cred-${hex()}`];
    await passkeys.add(scope, guest.id, passkey(one));
    clock.advance(1);
    await passkeys.add(scope, guest.id, passkey(two));
    expect((await passkeys.list(scope, guest.id)).map((p) => p.id)).toEqual([one, two]);
    expect(await passkeys.remove(scope, guest.id, one)).toBe(true);
    expect(await passkeys.remove(scope, guest.id, one)).toBe(false);
    expect(await passkeys.find(scope, one)).toBeUndefined();
    expect(await passkeys.removeAll(scope, guest.id)).toBe(1);
    expect(await passkeys.find(scope, two)).toBeUndefined();
    expect(await store.hgetall(keys.passkeys(scope, guest.id))).toEqual({});
  });
});
