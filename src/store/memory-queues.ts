import type { Clock } from '../util/clock.js';
import { streamIdTime } from './store.js';
import type { StreamEntry } from './store.js';

interface Pending {
  consumer: string;
  /** when it was last delivered, claimed or held (ms, by the clock) */
  since: number;
}

interface Queue {
  entries: StreamEntry[];
  groups: Map<string, { lastRead: string; pending: Map<string, Pending> }>;
  /** ms; the whole queue is gone after it (as the stream key's TTL) */
  expiresAt: number;
}

/**
 * The memory store's streams read by consumer groups (Store.queue*): what Redis's XADD,
 * XREADGROUP, XAUTOCLAIM, XCLAIM, XACK, XDEL and XTRIM do for the mail courier, with idle
 * times and the TTL judged by the clock it is given.
 */
export class MemoryQueues {
  readonly #queues = new Map<string, Queue>();
  #last = { ms: 0, seq: 0 };

  constructor(private readonly clock: Clock) {}

  #queue(key: string): Queue | undefined {
    const queue = this.#queues.get(key);
    if (queue && queue.expiresAt <= this.clock.now()) {
      this.#queues.delete(key);
      return undefined;
    }
    return queue;
  }

  add(key: string, fields: Record<string, string>, maxLength: number, ttlSeconds: number): string {
    const now = Math.floor(this.clock.now());
    this.#last =
      now > this.#last.ms ? { ms: now, seq: 0 } : { ms: this.#last.ms, seq: this.#last.seq + 1 };
    const id = `${this.#last.ms}-${this.#last.seq}`;
    const queue: Queue = this.#queue(key) ?? { entries: [], groups: new Map(), expiresAt: 0 };
    queue.entries.push({ id, fields: { ...fields } });
    if (queue.entries.length > maxLength) queue.entries.splice(0, queue.entries.length - maxLength);
    queue.expiresAt = now + ttlSeconds * 1000;
    this.#queues.set(key, queue);
    return id;
  }

  read(key: string, group: string, consumer: string, count: number): StreamEntry[] {
    let queue = this.#queue(key);
    if (!queue) {
      // MKSTREAM: an empty queue that lives until something is added
      queue = { entries: [], groups: new Map(), expiresAt: Number.POSITIVE_INFINITY };
      this.#queues.set(key, queue);
    }
    let state = queue.groups.get(group);
    if (!state) {
      state = { lastRead: '0-0', pending: new Map() };
      queue.groups.set(group, state);
    }
    const lastRead = state.lastRead;
    const fresh = queue.entries.filter((e) => compareIds(e.id, lastRead) > 0).slice(0, count);
    for (const entry of fresh) {
      state.pending.set(entry.id, { consumer, since: this.clock.now() });
      state.lastRead = entry.id;
    }
    return fresh.map(copy);
  }

  claim(key: string, group: string, consumer: string, minIdleMs: number, count: number) {
    const queue = this.#queue(key);
    const state = queue?.groups.get(group);
    if (!queue || !state) return [];
    const now = this.clock.now();
    const claimed: StreamEntry[] = [];
    for (const [id, pending] of [...state.pending].sort(([a], [b]) => compareIds(a, b))) {
      if (claimed.length >= count) break;
      if (now - pending.since < minIdleMs) continue;
      const entry = queue.entries.find((e) => e.id === id);
      if (!entry) {
        state.pending.delete(id);
        continue;
      }
      state.pending.set(id, { consumer, since: now });
      claimed.push(copy(entry));
    }
    return claimed;
  }

  hold(key: string, group: string, consumer: string, ids: string[]): void {
    const state = this.#queue(key)?.groups.get(group);
    for (const id of ids) {
      if (state?.pending.has(id)) state.pending.set(id, { consumer, since: this.clock.now() });
    }
  }

  done(key: string, group: string, ids: string[]): void {
    const queue = this.#queue(key);
    if (!queue) return;
    for (const id of ids) queue.groups.get(group)?.pending.delete(id);
    queue.entries = queue.entries.filter((e) => !ids.includes(e.id));
  }

  trim(key: string, maxAgeMs: number): number {
    const queue = this.#queue(key);
    if (!queue) return 0;
    const oldest = this.clock.now() - maxAgeMs;
    const before = queue.entries.length;
    queue.entries = queue.entries.filter((e) => streamIdTime(e.id) >= oldest);
    return before - queue.entries.length;
  }

  /** seconds to live, as Redis's TTL: -2 when there is no such queue, -1 without expiry */
  ttl(key: string): number {
    const queue = this.#queue(key);
    if (!queue) return -2;
    if (queue.expiresAt === Number.POSITIVE_INFINITY) return -1;
    return Math.max(0, Math.round((queue.expiresAt - this.clock.now()) / 1000));
  }

  length(key: string): number {
    return this.#queue(key)?.entries.length ?? 0;
  }

  oldest(key: string): string | undefined {
    return this.#queue(key)?.entries[0]?.id;
  }

  deleteByPrefix(prefix: string): number {
    let deleted = 0;
    for (const key of [...this.#queues.keys()])
      if (key.startsWith(prefix) && this.#queues.delete(key)) deleted += 1;
    return deleted;
  }
}

const copy = (entry: StreamEntry): StreamEntry => ({ id: entry.id, fields: { ...entry.fields } });

function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}
