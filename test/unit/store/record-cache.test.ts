import { afterEach, describe, expect, it } from '@jest/globals';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { Invalidations } from '../../../src/store/record-cache.js';
import { StoreUnavailableError } from '../../../src/store/store-unavailable-error.js';
import type { ChannelListener, Store, Subscription } from '../../../src/store/store.js';
import { ManualClock } from '../../../src/util/clock.js';

/** a memory store whose subscription can be taken down and brought back, as a Redis one can */
class FlakyStore extends MemoryStore {
  live = true;
  readonly listeners: ChannelListener[] = [];
  override async subscribe(channel: string, listener: ChannelListener): Promise<Subscription> {
    this.listeners.push(listener);
    const inner = await super.subscribe(channel, listener);
    const store = this;
    return {
      get live() {
        return store.live;
      },
      close: () => inner.close(),
    };
  }
  down() {
    this.live = false;
    for (const listener of this.listeners) listener.reset();
  }
  up() {
    this.live = true;
    for (const listener of this.listeners) listener.reset();
  }
}

/** a memory store that cannot be subscribed to until `up`, as Redis unreachable at start */
class UnreachableStore extends MemoryStore {
  reachable = false;
  attempts = 0;
  override async subscribe(channel: string, listener: ChannelListener): Promise<Subscription> {
    this.attempts += 1;
    if (!this.reachable) throw new StoreUnavailableError('connect ECONNREFUSED');
    return super.subscribe(channel, listener);
  }
}

/** polls (bounded) for what the hub does in the background, on real timers */
async function eventually(check: () => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

async function world() {
  const clock = new ManualClock();
  const store = new FlakyStore(clock);
  stores.push(store);
  const hub = await Invalidations.start(store, 'invalidations', clock);
  const other = await Invalidations.start(store, 'invalidations', clock);
  const cache = hub.cache<string>({ max: 2, ttlMs: 60_000 });
  let reads = 0;
  const read = (key: string) =>
    cache.read(key, async () => {
      reads += 1;
      return (await store.get(key)) ?? undefined;
    });
  return { clock, store, hub, other, cache, read, reads: () => reads };
}

/** lets published messages arrive */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('in-process copies of records, dropped when any process changes them', () => {
  it('reads a record once, then answers from memory', async () => {
    const w = await world();
    await w.store.set('k', 'v1');
    expect([await w.read('k'), await w.read('k'), w.reads()]).toEqual(['v1', 'v1', 1]);
  });

  it.each([
    ['the writer itself', (w: Awaited<ReturnType<typeof world>>) => w.hub],
    ['another process', (w: Awaited<ReturnType<typeof world>>) => w.other],
  ])('a change published by %s is read again on the next read', async (_who, writer) => {
    const w = await world();
    await w.store.set('k', 'v1');
    await w.read('k');
    await w.store.set('k', 'v2');
    await writer(w).changed('k');
    await settle();
    expect(await w.read('k')).toBe('v2');
  });

  it('a read that raced a change is used once, not kept', async () => {
    const w = await world();
    await w.store.set('k', 'v1');
    const stale = await w.cache.read('k', async () => {
      const value = await w.store.get('k');
      await w.store.set('k', 'v2');
      await w.other.changed('k');
      await settle();
      return value ?? undefined;
    });
    expect([stale, await w.read('k')]).toEqual(['v1', 'v2']);
  });

  it('keeps nothing while the subscription is down, and drops everything when it comes back', async () => {
    const w = await world();
    await w.store.set('k', 'v1');
    await w.read('k');
    w.store.down();
    await w.store.set('k', 'v2');
    expect([await w.read('k'), await w.read('k'), w.reads()]).toEqual(['v2', 'v2', 3]);
    w.store.up();
    await w.store.set('k', 'v3');
    expect([await w.read('k'), await w.read('k'), w.reads()]).toEqual(['v3', 'v3', 4]);
  });

  it('a copy lives at most its TTL by the injected clock, even without a message', async () => {
    const w = await world();
    await w.store.set('k', 'v1');
    await w.read('k');
    await w.store.set('k', 'v2');
    w.clock.advance(59);
    expect(await w.read('k')).toBe('v1');
    w.clock.advance(1);
    expect(await w.read('k')).toBe('v2');
  });

  it('keeps no missing record and at most `max` copies', async () => {
    const w = await world();
    expect([await w.read('none'), await w.read('none'), w.reads()]).toEqual([
      undefined,
      undefined,
      2,
    ]);
    for (const key of ['a', 'b', 'c']) await w.store.set(key, key);
    for (const key of ['a', 'b', 'c', 'a']) await w.read(key);
    expect(w.reads()).toBe(6);
  });

  it('starts while the store cannot be subscribed to, keeps nothing, and caches once subscribed', async () => {
    const clock = new ManualClock();
    const store = new UnreachableStore(clock);
    stores.push(store);
    const hub = await Invalidations.start(store, 'invalidations', clock);
    const cache = hub.cache<string>({ max: 2, ttlMs: 60_000 });
    let reads = 0;
    const read = () =>
      cache.read('k', async () => {
        reads += 1;
        return (await store.get('k')) ?? undefined;
      });
    await store.set('k', 'v1');
    expect(hub.live).toBe(false);
    expect([await read(), await read(), reads]).toEqual(['v1', 'v1', 2]);

    // a read begun before the subscription is established is used once, not kept
    let subscribedMeanwhile = false;
    const raced = await cache.read('k', async () => {
      reads += 1;
      store.reachable = true;
      await eventually(() => hub.live, 'the subscription');
      subscribedMeanwhile = true;
      return (await store.get('k')) ?? undefined;
    });
    expect([raced, subscribedMeanwhile, reads]).toEqual(['v1', true, 3]);
    expect(store.attempts).toBeGreaterThan(1);

    expect([await read(), await read(), reads]).toEqual(['v1', 'v1', 4]);
    await store.set('k', 'v2');
    await hub.changed('k');
    expect([await read(), reads]).toEqual(['v2', 5]);
    await hub.close();
  });
});
