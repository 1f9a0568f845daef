import { oneSlot } from './key-slot.js';

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

/** when a stream entry was added: its id's first part (ms, the store's time, `{ms}-{seq}`) */
export const streamIdTime = (id: string): number => Number(id.split('-')[0]);

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
  scard(key: string): number;
  /** ZADD of members that all score 0: a lexicographic index (Store.lexRange reads it) */
  zadd(key: string, ...members: string[]): number;
  zrem(key: string, ...members: string[]): number;
  zcard(key: string): number;
}

/**
 * An atomic operation with one implementation per backend: Lua for Redis, a synchronous
 * function for the memory store. KEYS and ARGV as in Redis. A script touches only the keys
 * it is given in KEYS (never a key name built in Lua), and all of them share one Redis
 * Cluster hash tag (a tenant's `{scope}`): test/unit/store/script-keys.test.ts checks the
 * first statically.
 */
export interface Script {
  readonly name: string;
  /** how many KEYS the caller passes (for a script with `readKeys`: before those it reads) */
  readonly numberOfKeys: number;
  readonly lua: string;
  memory(db: SyncCommands, keys: string[], args: string[]): ScriptReply;
  /**
   * For a script over a set of keys known only from data (the members of an index set): reads
   * the keys to declare after the caller's before each run. The script answers `staleKeys`
   * when what it finds differs from what was read, and the store reads and runs it again.
   */
  readonly readKeys?: (store: KeyReader, keys: readonly string[]) => Promise<string[]>;
}

/** What `Script.readKeys` may read. */
export type KeyReader = Pick<Store, 'smembers'>;

/** The reply of a script with `readKeys` whose declared keys went stale before it ran. */
export const staleKeys = 'stale-keys';

/** attempts of a script with `readKeys` before giving up (only a constant stream of writes needs more than one) */
const readKeysAttempts = 10;

/**
 * Runs a script through `once` (one EVAL), first reading the extra keys a script with
 * `readKeys` declares, again while it answers `staleKeys`. Both backends run scripts this way,
 * and both refuse keys of several hash slots, which a Redis Cluster could not run (so a
 * deployment on one Redis or in development finds out before it is on a cluster).
 */
export async function runDeclared(
  reader: KeyReader,
  script: Script,
  keys: string[],
  run: (keys: string[]) => Promise<ScriptReply>,
): Promise<ScriptReply> {
  const once = (declared: string[]) => {
    if (!oneSlot(declared)) {
      throw new Error(`script ${script.name}: its keys are in several Redis Cluster hash slots`);
    }
    return run(declared);
  };
  if (!script.readKeys) return once(keys);
  for (let attempt = 0; attempt < readKeysAttempts; attempt += 1) {
    const reply = await once([...keys, ...(await script.readKeys(reader, keys))]);
    if (reply !== staleKeys) return reply;
  }
  throw new Error(`script ${script.name}: its keys kept changing while it was read`);
}

/** One run of a script in a batch (`Store.runMany`). */
export interface ScriptCall {
  readonly keys: string[];
  readonly args: (string | number)[];
}

/** One string of a batch write (`Store.setMany`). */
export interface SetEntry {
  readonly key: string;
  readonly value: string;
  /** expire after this many seconds */
  readonly ttlSeconds?: number;
}

/** Refuses a batch run whose calls could not run on a Redis Cluster (as `runDeclared` does). */
export function checkBatchCalls(script: Script, calls: readonly ScriptCall[]): void {
  if (script.readKeys)
    throw new Error(`script ${script.name}: runMany cannot run a script that reads its keys first`);
  for (const { keys } of calls) {
    if (!oneSlot(keys))
      throw new Error(`script ${script.name}: its keys are in several Redis Cluster hash slots`);
  }
}

/** What a subscriber is told: each message, and when messages may have been missed. */
export interface ChannelListener {
  message(text: string): void;
  /** the subscription was (re)established after messages may have been missed */
  reset(): void;
}

/** A subscription to one channel of the store. */
export interface Subscription {
  /** false while messages may be missed (not subscribed yet, or the connection is down) */
  readonly live: boolean;
  close(): Promise<void>;
}

export interface Store {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  /** keys of any hash slots: on a Redis Cluster one MGET a slot, concurrently (not one read) */
  mget(keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string, options?: SetOptions): Promise<boolean>;
  /** keys of any hash slots (on a Redis Cluster one DEL a slot); returns how many existed */
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
  scard(key: string): Promise<number>;
  /*
   * A lexicographic index: a sorted set whose members all score 0, so Redis keeps them in
   * byte order (a member that starts with a time sorts by it).
   */
  /** ZADD with score 0; returns how many were new */
  zadd(key: string, ...members: string[]): Promise<number>;
  zrem(key: string, ...members: string[]): Promise<number>;
  zcard(key: string): Promise<number>;
  /**
   * ZRANGE BYLEX REV LIMIT: up to `count` members from the greatest down, strictly below
   * `below` when given (the last member of the page before)
   */
  lexRange(key: string, below: string | undefined, count: number): Promise<string[]>;
  /** XADD with an exact MAXLEN cap; returns the entry id */
  streamAdd(key: string, fields: Record<string, string>, maxLength: number): Promise<string>;
  /** XREVRANGE: newest first, strictly older than `before` when given */
  streamRange(key: string, before: string | undefined, count: number): Promise<StreamEntry[]>;
  /*
   * A durable work queue: a stream read by a consumer group (the mail courier's). An entry
   * stays in the group's pending list, owned by the consumer that read it, until `queueDone`;
   * a consumer that died leaves it there for `queueClaim`.
   */
  /**
   * XADD (capped at `maxLength`, approximately) and a TTL on the whole stream, in one round
   * trip: a queue nobody adds to for `ttlSeconds` is gone, with whatever it held
   */
  queueAdd(
    key: string,
    fields: Record<string, string>,
    options: { maxLength: number; ttlSeconds: number },
  ): Promise<string>;
  /** XREADGROUP `>` (not blocking): entries no consumer has read yet; creates the group as needed */
  queueRead(key: string, group: string, consumer: string, count: number): Promise<StreamEntry[]>;
  /**
   * XAUTOCLAIM: entries another consumer (or this one) has held for at least `minIdleMs`
   * without renewing, now this consumer's; entries trimmed meanwhile are dropped
   */
  queueClaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    count: number,
  ): Promise<StreamEntry[]>;
  /** XCLAIM JUSTID by their owner: renews the lease on entries still being worked on */
  queueHold(key: string, group: string, consumer: string, ids: string[]): Promise<void>;
  /** XACK and XDEL: the entries are finished and gone */
  queueDone(key: string, group: string, ids: string[]): Promise<void>;
  /** XTRIM MINID: drops entries older than `maxAgeMs` by the store's own time; returns how many */
  queueTrim(key: string, maxAgeMs: number): Promise<number>;
  /** XLEN: entries not yet finished */
  queueLength(key: string): Promise<number>;
  /** XRANGE - + COUNT 1: the id of the oldest entry not yet finished, if any */
  queueOldest(key: string): Promise<string | undefined>;
  run(script: Script, keys: string[], args: (string | number)[]): Promise<ScriptReply>;
  /**
   * Runs one script many times in one round trip (a pipeline of EVALSHA; on a Redis Cluster
   * one pipeline a slot, concurrently): each run is atomic on its own, the batch is not.
   * Replies in the order of `calls`. Not for a script with `readKeys`.
   */
  runMany(script: Script, calls: readonly ScriptCall[]): Promise<ScriptReply[]>;
  /** SETs many strings, each with its own TTL, in one round trip (a pipeline; not atomic) */
  setMany(entries: readonly SetEntry[]): Promise<void>;
  /**
   * Runs `work` with the commands it sends in one tick going to Redis as one pipeline (one
   * round trip; not atomic): for commands that do not wait on each other.
   */
  together<T>(work: () => Promise<T>): Promise<T>;
  /**
   * deletes every key that starts with `prefix` (SCAN + UNLINK in batches; on a Redis Cluster
   * on every master); returns how many
   */
  deleteByPrefix(prefix: string): Promise<number>;
  /** PUBLISH: every process subscribed to `channel` on this store gets `text` (on a cluster too) */
  publish(channel: string, text: string): Promise<void>;
  /**
   * SUBSCRIBE on a connection of its own; resolves once subscribed. The listener's `reset` runs
   * whenever the connection came back after messages may have been lost.
   */
  subscribe(channel: string, listener: ChannelListener): Promise<Subscription>;
  /** resolves when the store answers; rejects with StoreUnavailableError otherwise */
  ping(): Promise<void>;
  close(): Promise<void>;
}
