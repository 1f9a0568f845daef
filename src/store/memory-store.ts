import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';
import { MemoryQueues } from './memory-queues.js';
import { runDeclared } from './store.js';
import type { Script, ScriptReply, SetOptions, Store, StreamEntry, SyncCommands } from './store.js';

type Value = string | Map<string, string> | Set<string>;
interface Entry {
  value: Value;
  /** epoch milliseconds; undefined = no expiry */
  expiresAt: number | undefined;
}

class WrongTypeError extends Error {
  constructor(key: string) {
    super(`WRONGTYPE operation against key ${key} holding the wrong kind of value`);
  }
}

/**
 * The Redis subset Guestpass uses, in process memory: synchronous, hence atomic. Keys expire
 * by the clock it is given (the system clock unless a test moves one).
 */
export class MemoryCommands implements SyncCommands {
  readonly #data = new Map<string, Entry>();

  constructor(private readonly clock: Clock = systemClock) {}

  #entry(key: string): Entry | undefined {
    const entry = this.#data.get(key);
    if (entry && entry.expiresAt !== undefined && entry.expiresAt <= this.clock.now()) {
      this.#data.delete(key);
      return undefined;
    }
    return entry;
  }

  #typed<T extends Value>(key: string, guard: (v: Value) => v is T, make: () => T): T {
    const entry = this.#entry(key);
    if (!entry) {
      const value = make();
      this.#data.set(key, { value, expiresAt: undefined });
      return value;
    }
    if (!guard(entry.value)) throw new WrongTypeError(key);
    return entry.value;
  }

  #hash(key: string): Map<string, string> {
    return this.#typed(
      key,
      (v): v is Map<string, string> => v instanceof Map,
      () => new Map(),
    );
  }

  #set(key: string): Set<string> {
    return this.#typed(
      key,
      (v): v is Set<string> => v instanceof Set,
      () => new Set(),
    );
  }

  /** drops containers left empty, as Redis does */
  #prune(key: string, size: number): void {
    if (size === 0) this.#data.delete(key);
  }

  deleteByPrefix(prefix: string): number {
    let deleted = 0;
    for (const key of [...this.#data.keys()])
      if (key.startsWith(prefix) && this.del(key)) deleted += 1;
    return deleted;
  }

  sweep(): void {
    const now = this.clock.now();
    for (const [key, entry] of this.#data) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.#data.delete(key);
    }
  }

  get(key: string): string | null {
    const entry = this.#entry(key);
    if (!entry) return null;
    if (typeof entry.value !== 'string') throw new WrongTypeError(key);
    return entry.value;
  }

  set(key: string, value: string, options: SetOptions & { keepTtl?: boolean } = {}): boolean {
    const previous = this.#entry(key);
    if (options.onlyIfAbsent && previous) return false;
    let expiresAt: number | undefined;
    if (options.ttlSeconds !== undefined) expiresAt = this.clock.now() + options.ttlSeconds * 1000;
    else if (options.keepTtl) expiresAt = previous?.expiresAt;
    this.#data.set(key, { value, expiresAt });
    return true;
  }

  del(...keys: string[]): number {
    let removed = 0;
    for (const key of keys) if (this.#entry(key) && this.#data.delete(key)) removed += 1;
    return removed;
  }

  exists(key: string): boolean {
    return this.#entry(key) !== undefined;
  }

  expire(key: string, seconds: number): boolean {
    const entry = this.#entry(key);
    if (!entry) return false;
    entry.expiresAt = this.clock.now() + seconds * 1000;
    return true;
  }

  persist(key: string): boolean {
    const entry = this.#entry(key);
    if (!entry || entry.expiresAt === undefined) return false;
    entry.expiresAt = undefined;
    return true;
  }

  ttl(key: string): number {
    const entry = this.#entry(key);
    if (!entry) return -2;
    if (entry.expiresAt === undefined) return -1;
    return Math.max(0, Math.round((entry.expiresAt - this.clock.now()) / 1000));
  }

  incr(key: string): number {
    const current = this.get(key);
    const next = (current === null ? 0 : Number.parseInt(current, 10)) + 1;
    this.set(key, String(next), { keepTtl: true });
    return next;
  }

  hget(key: string, field: string): string | null {
    const entry = this.#entry(key);
    if (!entry) return null;
    if (!(entry.value instanceof Map)) throw new WrongTypeError(key);
    return entry.value.get(field) ?? null;
  }

  hset(key: string, fields: Record<string, string>): number {
    const hash = this.#hash(key);
    let added = 0;
    for (const [field, value] of Object.entries(fields)) {
      if (!hash.has(field)) added += 1;
      hash.set(field, value);
    }
    return added;
  }

  hsetnx(key: string, field: string, value: string): boolean {
    const hash = this.#hash(key);
    if (hash.has(field)) return false;
    hash.set(field, value);
    return true;
  }

  hincrby(key: string, field: string, by: number): number {
    const hash = this.#hash(key);
    const next = Number.parseInt(hash.get(field) ?? '0', 10) + by;
    hash.set(field, String(next));
    return next;
  }

  hgetall(key: string): Record<string, string> {
    const entry = this.#entry(key);
    if (!entry) return {};
    if (!(entry.value instanceof Map)) throw new WrongTypeError(key);
    return Object.fromEntries(entry.value);
  }

  hdel(key: string, ...fields: string[]): number {
    if (!this.#entry(key)) return 0;
    const hash = this.#hash(key);
    const removed = fields.filter((field) => hash.delete(field)).length;
    this.#prune(key, hash.size);
    return removed;
  }

  sadd(key: string, ...members: string[]): number {
    const set = this.#set(key);
    const before = set.size;
    for (const member of members) set.add(member);
    return set.size - before;
  }

  srem(key: string, ...members: string[]): number {
    if (!this.#entry(key)) return 0;
    const set = this.#set(key);
    const removed = members.filter((member) => set.delete(member)).length;
    this.#prune(key, set.size);
    return removed;
  }

  smembers(key: string): string[] {
    const entry = this.#entry(key);
    if (!entry) return [];
    if (!(entry.value instanceof Set)) throw new WrongTypeError(key);
    return [...entry.value];
  }
}

/**
 * The embedded store of `npm run dev`: no Redis needed, nothing survives a restart. Its
 * TTLs run on `clock` (tests pass a ManualClock to see keys expire without waiting).
 */
export class MemoryStore implements Store {
  readonly kind = 'memory';
  readonly #db: MemoryCommands;
  readonly #streams: MemoryStreams;
  readonly #queues: MemoryQueues;
  readonly #sweeper = setInterval(() => this.#db.sweep(), 60_000).unref();

  constructor(clock: Clock = systemClock) {
    this.#db = new MemoryCommands(clock);
    this.#streams = new MemoryStreams(clock);
    this.#queues = new MemoryQueues(clock);
  }

  async get(key: string) {
    return this.#db.get(key);
  }
  async mget(keys: string[]) {
    return keys.map((key) => this.#db.get(key));
  }
  async set(key: string, value: string, options?: SetOptions) {
    return this.#db.set(key, value, options);
  }
  async del(...keys: string[]) {
    return this.#db.del(...keys);
  }
  async getAndDelete(key: string) {
    const value = this.#db.get(key);
    this.#db.del(key);
    return value;
  }
  async expire(key: string, seconds: number) {
    return this.#db.expire(key, seconds);
  }
  async ttl(key: string) {
    const ttl = this.#db.ttl(key);
    return ttl === -2 ? this.#queues.ttl(key) : ttl;
  }
  async incrWithTtl(key: string, ttlSeconds: number) {
    const value = this.#db.incr(key);
    if (value === 1) this.#db.expire(key, ttlSeconds);
    return value;
  }
  async hgetall(key: string) {
    return this.#db.hgetall(key);
  }
  async hset(key: string, fields: Record<string, string>) {
    this.#db.hset(key, fields);
  }
  async sadd(key: string, ...members: string[]) {
    return this.#db.sadd(key, ...members);
  }
  async srem(key: string, ...members: string[]) {
    return this.#db.srem(key, ...members);
  }
  async smembers(key: string) {
    return this.#db.smembers(key);
  }
  async streamAdd(key: string, fields: Record<string, string>, maxLength: number) {
    return this.#streams.add(key, fields, maxLength);
  }
  async streamRange(key: string, before: string | undefined, count: number) {
    return this.#streams.range(key, before, count);
  }
  async queueAdd(
    key: string,
    fields: Record<string, string>,
    options: { maxLength: number; ttlSeconds: number },
  ) {
    return this.#queues.add(key, fields, options.maxLength, options.ttlSeconds);
  }
  async queueRead(key: string, group: string, consumer: string, count: number) {
    return this.#queues.read(key, group, consumer, count);
  }
  async queueClaim(key: string, group: string, consumer: string, minIdleMs: number, count: number) {
    return this.#queues.claim(key, group, consumer, minIdleMs, count);
  }
  async queueHold(key: string, group: string, consumer: string, ids: string[]) {
    this.#queues.hold(key, group, consumer, ids);
  }
  async queueDone(key: string, group: string, ids: string[]) {
    this.#queues.done(key, group, ids);
  }
  async queueTrim(key: string, maxAgeMs: number) {
    return this.#queues.trim(key, maxAgeMs);
  }
  async queueLength(key: string) {
    return this.#queues.length(key);
  }
  async run(script: Script, keys: string[], args: (string | number)[]): Promise<ScriptReply> {
    const strings = args.map(String);
    return runDeclared(this, script, keys, async (declared) =>
      script.memory(this.#db, declared, strings),
    );
  }
  async deleteByPrefix(prefix: string) {
    return (
      this.#db.deleteByPrefix(prefix) +
      this.#streams.deleteByPrefix(prefix) +
      this.#queues.deleteByPrefix(prefix)
    );
  }
  async ping() {}
  async close() {
    clearInterval(this.#sweeper);
  }
}

/** Capped append-only logs with Redis stream ids (`<ms>-<seq>`), newest read first. */
class MemoryStreams {
  readonly #streams = new Map<string, StreamEntry[]>();
  #last = { ms: 0, seq: 0 };

  constructor(private readonly clock: Clock) {}

  add(key: string, fields: Record<string, string>, maxLength: number): string {
    const now = Math.floor(this.clock.now());
    this.#last =
      now > this.#last.ms ? { ms: now, seq: 0 } : { ms: this.#last.ms, seq: this.#last.seq + 1 };
    const id = `${this.#last.ms}-${this.#last.seq}`;
    const entries = this.#streams.get(key) ?? [];
    entries.push({ id, fields: { ...fields } });
    if (entries.length > maxLength) entries.splice(0, entries.length - maxLength);
    this.#streams.set(key, entries);
    return id;
  }

  deleteByPrefix(prefix: string): number {
    let deleted = 0;
    for (const key of [...this.#streams.keys()])
      if (key.startsWith(prefix) && this.#streams.delete(key)) deleted += 1;
    return deleted;
  }

  range(key: string, before: string | undefined, count: number): StreamEntry[] {
    const entries = this.#streams.get(key) ?? [];
    const older = before ? entries.filter((e) => compareIds(e.id, before) < 0) : entries;
    return older.slice(-count).reverse();
  }
}

function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}
