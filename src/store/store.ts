/**
 * The one storage interface of Guestpass. Two backends implement it with the same
 * semantics (the shared contract suite in test/integration/store-contract.test.ts proves it):
 * Redis (production, tests) and an in-process memory store (`npm run dev` only).
 * The commands mirror the Redis ones we use; anything that must be atomic is a Script.
 */
export interface SetOptions {
  /** expire after this many seconds */
  ttlSeconds?: number;
  /** only set when the key does not exist (SET NX) */
  onlyIfAbsent?: boolean;
}

export interface StreamEntry {
  readonly id: string;
  readonly fields: Record<string, string>;
}

/** A reply of a script: what Redis can return from Lua. */
export type ScriptReply = null | number | string | ScriptReply[];

/** Synchronous commands a memory-backend script runs on (atomic because they are synchronous). */
export interface SyncCommands {
  get(key: string): string | null;
  set(key: string, value: string, options?: SetOptions & { keepTtl?: boolean }): boolean;
  del(...keys: string[]): number;
  exists(key: string): boolean;
  expire(key: string, seconds: number): boolean;
  persist(key: string): boolean;
  ttl(key: string): number;
  incr(key: string): number;
  hget(key: string, field: string): string | null;
  hset(key: string, fields: Record<string, string>): number;
  hsetnx(key: string, field: string, value: string): boolean;
  hincrby(key: string, field: string, by: number): number;
  hgetall(key: string): Record<string, string>;
  hdel(key: string, ...fields: string[]): number;
  sadd(key: string, ...members: string[]): number;
  srem(key: string, ...members: string[]): number;
  smembers(key: string): string[];
}

/**
 * An atomic operation with one implementation per backend: Lua for Redis, a synchronous
 * function for the memory store. KEYS and ARGV as in Redis.
 */
export interface Script {
  readonly name: string;
  readonly numberOfKeys: number;
  readonly lua: string;
  memory(db: SyncCommands, keys: string[], args: string[]): ScriptReply;
}

export interface Store {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  mget(keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string, options?: SetOptions): Promise<boolean>;
  del(...keys: string[]): Promise<number>;
  /** GETDEL: reads a string and deletes it in one atomic step (single-use values) */
  getAndDelete(key: string): Promise<string | null>;
  expire(key: string, seconds: number): Promise<boolean>;
  /** seconds to live; -1 without expiry, -2 when missing (as Redis) */
  ttl(key: string): Promise<number>;
  /** INCR, setting `ttlSeconds` when the key is new: a fixed-window counter */
  incrWithTtl(key: string, ttlSeconds: number): Promise<number>;
  hgetall(key: string): Promise<Record<string, string>>;
  hset(key: string, fields: Record<string, string>): Promise<void>;
  sadd(key: string, ...members: string[]): Promise<number>;
  srem(key: string, ...members: string[]): Promise<number>;
  smembers(key: string): Promise<string[]>;
  /** XADD with an exact MAXLEN cap; returns the entry id */
  streamAdd(key: string, fields: Record<string, string>, maxLength: number): Promise<string>;
  /** XREVRANGE: newest first, strictly older than `before` when given */
  streamRange(key: string, before: string | undefined, count: number): Promise<StreamEntry[]>;
  run(script: Script, keys: string[], args: (string | number)[]): Promise<ScriptReply>;
  /** deletes every key that starts with `prefix` (SCAN + UNLINK in batches); returns how many */
  deleteByPrefix(prefix: string): Promise<number>;
  /** resolves when the store answers; rejects with StoreUnavailableError otherwise */
  ping(): Promise<void>;
  close(): Promise<void>;
}
