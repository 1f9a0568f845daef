import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';
import { MemoryQueues } from './memory-queues.js';
import { checkBatchCalls, runDeclared } from './store.js';
import type {
  ChannelListener,
  Script,
  ScriptCall,
  ScriptReply,
  SetEntry,
  SetOptions,
  Store,
  StreamEntry,
  Subscription,
  SyncCommands,
} from './store.js';

/** a sorted set whose members all score 0 (Store.zadd): kept as a set, ordered when read */
class LexIndex {
  readonly members = new Set<string>();
}

type Value = string | Map<string, string> | Set<string> | LexIndex;
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

  #lex(key: string): LexIndex {
    return this.#typed(
      key,
      (v): v is LexIndex => v instanceof LexIndex,
      () => new LexIndex(),
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

  /** every live key, for a snapshot (src/dev/dev-store-file.ts) */
  dump(): SnapshotKey[] {
    this.sweep();
    return [...this.#data].map(([key, { value, expiresAt }]) =>
      typeof value === 'string'
        ? { key, type: 'string', value, expiresAt }
        : value instanceof Map
          ? { key, type: 'hash', value: Object.fromEntries(value), expiresAt }
          : value instanceof LexIndex
            ? { key, type: 'lex', value: [...value.members], expiresAt }
            : { key, type: 'set', value: [...value], expiresAt },
    );
  }

  /** replaces every key with a snapshot's (keys expired since are left out) */
  load(keys: readonly SnapshotKey[]): void {
    this.#data.clear();
    const now = this.clock.now();
    for (const k of keys) {
      if (k.expiresAt !== undefined && k.expiresAt <= now) continue;
      let value: Value;
      if (k.type === 'string') value = k.value;
      else if (k.type === 'hash') value = new Map(Object.entries(k.value));
      else if (k.type === 'lex') {
        value = new LexIndex();
        for (const member of k.value) value.members.add(member);
      } else value = new Set(k.value);
      this.#data.set(k.key, { value, expiresAt: k.expiresAt });
    }
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

  scard(key: string): number {
    return this.smembers(key).length;
  }

  zadd(key: string, ...members: string[]): number {
    if (members.length === 0) return 0;
    const index = this.#lex(key).members;
    const before = index.size;
    for (const member of members) index.add(member);
    return index.size - before;
  }

  zrem(key: string, ...members: string[]): number {
    if (!this.#entry(key)) return 0;
    const index = this.#lex(key).members;
    const removed = members.filter((member) => index.delete(member)).length;
    this.#prune(key, index.size);
    return removed;
  }

  zcard(key: string): number {
    return this.#entry(key) ? this.#lex(key).members.size : 0;
  }

  /** as ZRANGE BYLEX REV: by bytes (UTF-8), as Redis compares members */
  lexRange(key: string, below: string | undefined, count: number): string[] {
    if (!this.#entry(key)) return [];
    const bytes = (s: string) => Buffer.from(s, 'utf8');
    const limit = below === undefined ? undefined : bytes(below);
    return [...this.#lex(key).members]
      .map((member) => ({ member, key: bytes(member) }))
      .filter((m) => limit === undefined || Buffer.compare(m.key, limit) < 0)
      .sort((a, b) => Buffer.compare(b.key, a.key))
      .slice(0, count)
      .map((m) => m.member);
  }
}

/** One key of a snapshot, as JSON can hold it; expiresAt in epoch milliseconds. */
export type SnapshotKey = { key: string; expiresAt?: number | undefined } & (
  | { type: 'string'; value: string }
  | { type: 'hash'; value: Record<string, string> }
  | { type: 'set'; value: string[] }
  | { type: 'lex'; value: string[] }
);

/** Everything a MemoryStore holds, as JSON can hold it. */
export interface MemorySnapshot {
  version: 1;
  keys: SnapshotKey[];
  streams: Record<string, StreamEntry[]>;
}

/**
 * The embedded store of `npm run dev`: no Redis needed. Its TTLs run on `clock` (tests pass a
 * ManualClock to see keys expire without waiting). It lives in memory; `snapshot`/`restore`
 * and `changes` let the dev server keep it in a file across restarts (src/dev/dev-store-file.ts).
 */
export class MemoryStore implements Store {
  readonly kind = 'memory';
  readonly #db: MemoryCommands;
  readonly #streams: MemoryStreams;
  readonly #queues: MemoryQueues;
  readonly #sweeper = setInterval(() => this.#db.sweep(), 60_000).unref();
  #changes = 0;
  /** subscribers by channel: one process, so publishing is calling them */
  readonly #channels = new Map<string, Set<ChannelListener>>();

  constructor(clock: Clock = systemClock) {
    this.#db = new MemoryCommands(clock);
    this.#streams = new MemoryStreams(clock);
    this.#queues = new MemoryQueues(clock);
  }

  /** grows with every call that may write (a script counts, whatever it did) */
  get changes(): number {
    return this.#changes;
  }

  snapshot(): MemorySnapshot {
    return { version: 1, keys: this.#db.dump(), streams: this.#streams.dump() };
  }

  /** replaces everything with a snapshot's contents */
  restore(snapshot: MemorySnapshot): void {
    this.#db.load(snapshot.keys);
    this.#streams.load(snapshot.streams);
  }

  #write<T>(result: T): T {
    this.#changes += 1;
    return result;
  }

  async get(key: string) {
    return this.#db.get(key);
  }
  async mget(keys: string[]) {
    return keys.map((key) => this.#db.get(key));
  }
  async set(key: string, value: string, options?: SetOptions) {
    return this.#write(this.#db.set(key, value, options));
  }
  async del(...keys: string[]) {
    return this.#write(this.#db.del(...keys));
  }
  async getAndDelete(key: string) {
    const value = this.#db.get(key);
    this.#write(this.#db.del(key));
    return value;
  }
  async expire(key: string, seconds: number) {
    return this.#write(this.#db.expire(key, seconds));
  }
  async ttl(key: string) {
    const ttl = this.#db.ttl(key);
    return ttl === -2 ? this.#queues.ttl(key) : ttl;
  }
  async incrWithTtl(key: string, ttlSeconds: number) {
    const value = this.#db.incr(key);
    if (value === 1) this.#db.expire(key, ttlSeconds);
    return this.#write(value);
  }
  async hgetall(key: string) {
    return this.#db.hgetall(key);
  }
  async hset(key: string, fields: Record<string, string>) {
    this.#write(this.#db.hset(key, fields));
  }
  async sadd(key: string, ...members: string[]) {
    return this.#write(this.#db.sadd(key, ...members));
  }
  async srem(key: string, ...members: string[]) {
    return this.#write(this.#db.srem(key, ...members));
  }
  async smembers(key: string) {
    return this.#db.smembers(key);
  }
  async scard(key: string) {
    return this.#db.scard(key);
  }
  async zadd(key: string, ...members: string[]) {
    return this.#write(this.#db.zadd(key, ...members));
  }
  async zrem(key: string, ...members: string[]) {
    return this.#write(this.#db.zrem(key, ...members));
  }
  async zcard(key: string) {
    return this.#db.zcard(key);
  }
  async lexRange(key: string, below: string | undefined, count: number) {
    return this.#db.lexRange(key, below, count);
  }
  async streamAdd(key: string, fields: Record<string, string>, maxLength: number) {
    return this.#write(this.#streams.add(key, fields, maxLength));
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
  async queueOldest(key: string) {
    return this.#queues.oldest(key);
  }
  async run(script: Script, keys: string[], args: (string | number)[]): Promise<ScriptReply> {
    const strings = args.map(String);
    this.#changes += 1;
    return runDeclared(this, script, keys, async (declared) =>
      script.memory(this.#db, declared, strings),
    );
  }
  async runMany(script: Script, calls: readonly ScriptCall[]): Promise<ScriptReply[]> {
    checkBatchCalls(script, calls);
    return calls.map(({ keys, args }) => script.memory(this.#db, keys, args.map(String)));
  }
  async setMany(entries: readonly SetEntry[]) {
    for (const { key, value, ttlSeconds } of entries)
      this.#db.set(key, value, ttlSeconds === undefined ? {} : { ttlSeconds });
  }
  /** one process, no round trips: the work as it is */
  together<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }
  async deleteByPrefix(prefix: string) {
    return this.#write(
      this.#db.deleteByPrefix(prefix) +
        this.#streams.deleteByPrefix(prefix) +
        this.#queues.deleteByPrefix(prefix),
    );
  }
  async publish(channel: string, text: string) {
    // after the caller's current step, as a Redis subscriber hears it
    for (const listener of this.#channels.get(channel) ?? [])
      queueMicrotask(() => listener.message(text));
  }
  async subscribe(channel: string, listener: ChannelListener): Promise<Subscription> {
    const listeners = this.#channels.get(channel) ?? new Set<ChannelListener>();
    this.#channels.set(channel, listeners);
    listeners.add(listener);
    return {
      live: true,
      close: async () => {
        listeners.delete(listener);
      },
    };
  }
  async ping() {}
  async close() {
    clearInterval(this.#sweeper);
    this.#channels.clear();
  }
}

/** Capped append-only logs with Redis stream ids (`<ms>-<seq>`), newest read first. */
class MemoryStreams {
  readonly #streams = new Map<string, StreamEntry[]>();
  #last = { ms: 0, seq: 0 };

  constructor(private readonly clock: Clock) {}

  dump(): Record<string, StreamEntry[]> {
    return Object.fromEntries(this.#streams);
  }

  load(streams: Record<string, StreamEntry[]>): void {
    this.#streams.clear();
    for (const [key, entries] of Object.entries(streams)) {
      this.#streams.set(key, entries);
      const last = entries.at(-1)?.id.split('-').map(Number);
      const [ms = 0, seq = 0] = last ?? [];
      if (ms > this.#last.ms || (ms === this.#last.ms && seq > this.#last.seq))
        this.#last = { ms, seq };
    }
  }

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
