import { describe, expect, it } from '@jest/globals';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { ManualClock } from '../../../src/util/clock.js';

describe('the memory store on a manual clock', () => {
  it('expires keys when the clock passes their TTL, and reports TTLs by it', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore(clock);
    try {
      await store.set('a', '1', { ttlSeconds: 60 });
      await store.hset('h', { f: 'v' });
      await store.expire('h', 30);
      clock.advance(29);
      expect(await store.ttl('a')).toBe(31);
      expect(await store.hgetall('h')).toEqual({ f: 'v' });
      clock.advance(1);
      expect(await store.hgetall('h')).toEqual({});
      expect(await store.ttl('h')).toBe(-2);
      clock.advance(29);
      expect(await store.get('a')).toBe('1');
      clock.advance(1);
      expect(await store.get('a')).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('gives stream entries ids of the clock, in order even while it stands still', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const store = new MemoryStore(clock);
    try {
      const first = await store.streamAdd('s', { n: '1' }, 10);
      const second = await store.streamAdd('s', { n: '2' }, 10);
      expect([first, second]).toEqual([`${Date.UTC(2026, 0, 1)}-0`, `${Date.UTC(2026, 0, 1)}-1`]);
    } finally {
      await store.close();
    }
  });
});
