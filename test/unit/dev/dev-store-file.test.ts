import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { DevStoreFile } from '../../../src/dev/dev-store-file.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { ManualClock } from '../../../src/util/clock.js';
import { createLogger } from '../../../src/util/logger.js';

const dir = mkdtempSync(join(tmpdir(), 'guestpass-dev-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines: string[] = [];
const logger = createLogger('warn', (line) => lines.push(line));

/** a store with one of every kind of value */
async function filled(store: MemoryStore): Promise<void> {
  await store.set('s', 'string');
  await store.set('short', 'lived', { ttlSeconds: 10 });
  await store.hset('h', { a: '1', b: '2' });
  await store.sadd('set', 'x', 'y');
  await store.zadd('order', 'a|1', 'b|2');
  await store.streamAdd('log', { event: 'one' }, 10);
  await store.streamAdd('log', { event: 'two' }, 10);
}

describe('the embedded store in a file (npm run dev without Redis)', () => {
  it('a snapshot restored holds every key, value, expiry and stream entry', async () => {
    const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    const before = new MemoryStore(clock);
    await filled(before);
    const after = new MemoryStore(clock);
    after.restore(JSON.parse(JSON.stringify(before.snapshot())));
    expect(await after.get('s')).toBe('string');
    expect(await after.ttl('short')).toBe(10);
    expect(await after.hgetall('h')).toEqual({ a: '1', b: '2' });
    expect((await after.smembers('set')).sort()).toEqual(['x', 'y']);
    expect(await after.lexRange('order', undefined, 10)).toEqual(['b|2', 'a|1']);
    expect((await after.streamRange('log', undefined, 10)).map((e) => e.fields.event)).toEqual([
      'two',
      'one',
    ]);
    // a new entry still sorts after the restored ones
    const next = await after.streamAdd('log', { event: 'three' }, 10);
    expect((await after.streamRange('log', undefined, 1))[0]?.id).toBe(next);
    await Promise.all([before.close(), after.close()]);
  });

  it('keys that expired while the server was stopped are not restored', async () => {
    const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    const before = new MemoryStore(clock);
    await filled(before);
    const snapshot = before.snapshot();
    clock.advance(11);
    const after = new MemoryStore(clock);
    after.restore(snapshot);
    expect(await after.get('short')).toBeNull();
    expect(await after.get('s')).toBe('string');
    await Promise.all([before.close(), after.close()]);
  });

  it('is written after a change and at close, and read back at the next open', async () => {
    const path = join(dir, 'store.json');
    const first = await DevStoreFile.open(path, logger, { intervalMs: 60_000 });
    await first.save();
    expect(existsSync(path)).toBe(false); // nothing changed yet: nothing written
    await filled(first.store);
    await first.close();
    await first.store.close();

    const second = await DevStoreFile.open(path, logger);
    expect(await second.store.hgetall('h')).toEqual({ a: '1', b: '2' });
    await second.close();
    await second.store.close();
    // no temporary file left behind
    expect(readdirSync(dir).filter((name) => name.startsWith('store.json'))).toEqual([
      'store.json',
    ]);
  });

  it('an unreadable file is set aside (not lost) with a log line, and the store starts empty', async () => {
    const sub = mkdtempSync(join(dir, 'broken-'));
    const path = join(sub, 'store.json');
    writeFileSync(path, '{"half": ');
    lines.length = 0;
    const opened = await DevStoreFile.open(path, logger);
    expect(await opened.store.get('s')).toBeNull();
    expect(readdirSync(sub)).toEqual([expect.stringMatching(/^store\.json\.unreadable-\d+$/)]);
    expect(lines).toEqual([expect.stringContaining('"event":"dev.state_unreadable"')]);
    await opened.close();
    await opened.store.close();
  });
});
