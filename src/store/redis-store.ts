import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Cluster } from 'ioredis';
import { coalesceWrites } from './coalesced-writes.js';
import { CommandDeadlines } from './command-deadlines.js';
import { bySlot } from './key-slot.js';
import {
  connectionOptions,
  createClusterClient,
  eachMaster,
  mastersReady,
} from './redis-cluster.js';
import type { RedisClusterConfig } from './redis-cluster.js';
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
} from './store.js';
import { StoreUnavailableError } from './store-unavailable-error.js';

/**
 * Redis errors that are our bug (bad script, wrong type, keys of several slots) stay errors;
 * the rest mean "down" — a cluster's CLUSTERDOWN, TRYAGAIN and redirections to a master that
 * is gone included.
 */
function convert(error: unknown): Error {
  if (
    error instanceof Error &&
    error.name === 'ReplyError' &&
    !/^(LOADING|BUSY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|MOVED|ASK)\b/.test(error.message)
  ) {
    return error;
  }
  return new StoreUnavailableError(error);
}

/**
 * Redis behind the Store interface: one Redis (a URL), or a Redis Cluster (README "Redis
 * Cluster"). Fails closed and fast: no offline queue (a command while disconnected fails at
 * once instead of hanging the guest's request), a command timeout, and endless reconnects so
 * the service comes back on its own when Redis does.
 *
 * On a cluster every script's keys share one slot (a tenant's `{scope}` hash tag); the
 * commands over several keys that need no atomicity (`mget`, `del`) are split by slot here,
 * and `deleteByPrefix` sweeps every master.
 */
export class RedisStore implements Store {
  readonly kind = 'redis';
  readonly #redis: Redis | Cluster;
  /**
   * a second connection, auto-pipelined (ioredis `enableAutoPipelining`: what is sent in one
   * tick goes as one pipeline), for the commands of `together` windows only: elsewhere a
   * command waits for no tick to end
   */
  readonly #batched: Redis | Cluster;
  /** the `together` window a command is sent from, if any */
  readonly #window = new AsyncLocalStorage<true>();
  /** the one Redis, or the cluster and its settings */
  readonly #target:
    | { single: Redis; cluster?: undefined }
    | { single?: undefined; cluster: Cluster; config: RedisClusterConfig };
  readonly #shas = new Map<Script, string>();
  readonly #deadlines: CommandDeadlines;

  /**
   * `target`: a redis:// or rediss:// URL, or a cluster's seed nodes and settings;
   * `commandTimeoutMs`: how long a command may take (src/store/command-deadlines.ts)
   */
  constructor(target: string | RedisClusterConfig, commandTimeoutMs = 2000) {
    this.#deadlines = new CommandDeadlines(commandTimeoutMs);
    if (typeof target === 'string') {
      const single = new Redis(target, {
        ...connectionOptions,
        enableOfflineQueue: false,
        retryStrategy: (times) => Math.min(times * 100, 1000),
      });
      this.#redis = single;
      this.#batched = single.duplicate({ enableAutoPipelining: true });
      this.#target = { single };
    } else {
      const cluster = createClusterClient(target);
      this.#redis = cluster;
      this.#batched = createClusterClient(target, true);
      this.#target = { cluster, config: target };
    }
    coalesceWrites(this.#redis);
    coalesceWrites(this.#batched);
    // connection errors surface through commands (converted below) and /readyz; counted for /metrics
    this.#redis.on('error', () => (this.traffic.connectionErrors += 1));
    this.#batched.on('error', () => {});
  }

  /**
   * resolves once connected — to a cluster: once every master's connection is ready — or
   * after timeoutMs, whichever is first; never rejects
   */
  async waitUntilReady(timeoutMs = 5000): Promise<boolean> {
    const { cluster } = this.#target;
    const start = Date.now();
    const left = () => Math.max(0, timeoutMs - (Date.now() - start));
    const both = async (client: Redis | Cluster) =>
      (await ready(client, left())) && (!cluster || mastersReady(client as Cluster, left()));
    return (await both(this.#redis)) && both(this.#batched);
  }

  /**
   * Round trips to Redis since start, and how many of them wrote: a command alone counts
   * once, and so do all the commands of one tick of a `together` window (one pipeline; by
   * tick, so under concurrency this counts more than were sent, never fewer); and the errors
   * the connection reported.
   */
  readonly traffic = { roundTrips: 0, writes: 0, connectionErrors: 0 };

  /**
   * Runs `work` with its commands of one tick sent as one pipeline (one round trip) on the
   * auto-pipelined connection: for commands that do not wait on each other (a step's writes,
   * reads of independent records).
   */
  together<T>(work: () => Promise<T>): Promise<T> {
    return this.#window.run(true, work);
  }

  /** counts a command of a window: once a tick */
  #countBatched(writes: boolean) {
    if (!this.#tick) {
      const tick = { writes: false };
      this.#tick = tick;
      this.traffic.roundTrips += 1;
      // ioredis sends a tick's commands from a setImmediate queued the same way
      setImmediate(() => {
        if (this.#tick === tick) this.#tick = undefined;
      });
    }
    if (writes && !this.#tick.writes) {
      this.#tick.writes = true;
      this.traffic.writes += 1;
    }
  }
  #tick: { writes: boolean } | undefined;

  async #call<T>(
    fn: (redis: Redis | Cluster) => Promise<T>,
    writes = false,
    alone = false,
    /** a sweep runs as many commands as the keys need: no deadline for all of them at once */
    bounded = true,
  ): Promise<T> {
    const batched = !alone && this.#window.getStore() !== undefined;
    const client = batched ? this.#batched : this.#redis;
    if (client.status !== 'ready') throw new StoreUnavailableError(client.status);
    if (batched) this.#countBatched(writes);
    else {
      this.traffic.roundTrips += 1;
      if (writes) this.traffic.writes += 1;
    }
    try {
      return await (bounded ? this.#deadlines.bound(fn(client)) : fn(client));
    } catch (error) {
      throw convert(error);
    }
  }

  get(key: string) {
    return this.#call((r) => r.get(key));
  }
  mget(keys: string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return Promise.resolve([]);
    if (this.#target.single) return this.#call((r) => r.mget(keys));
    // one MGET per slot, concurrently (keys of different slots cannot be read in one)
    return this.#call(async (r) => {
      const values: (string | null)[] = new Array<string | null>(keys.length).fill(null);
      await Promise.all(
        bySlot(keys).map(async (group) => {
          const read = await r.mget(group.keys);
          group.at.forEach((index, i) => (values[index] = read[i] ?? null));
        }),
      );
      return values;
    });
  }
  set(key: string, value: string, options: SetOptions = {}) {
    return this.#call(async (r) => {
      const { ttlSeconds, onlyIfAbsent } = options;
      let reply: string | null;
      if (ttlSeconds !== undefined && onlyIfAbsent)
        reply = await r.set(key, value, 'EX', ttlSeconds, 'NX');
      else if (ttlSeconds !== undefined) reply = await r.set(key, value, 'EX', ttlSeconds);
      else if (onlyIfAbsent) reply = await r.set(key, value, 'NX');
      else reply = await r.set(key, value);
      return reply === 'OK';
    }, true);
  }
  del(...keys: string[]): Promise<number> {
    if (keys.length === 0) return Promise.resolve(0);
    if (this.#target.single) return this.#call((r) => r.del(...keys), true);
    // one DEL per slot, concurrently
    return this.#call(async (r) => {
      const counts = await Promise.all(bySlot(keys).map((group) => r.del(...group.keys)));
      return counts.reduce((sum, n) => sum + n, 0);
    }, true);
  }
  getAndDelete(key: string) {
    return this.#call((r) => r.getdel(key), true);
  }
  expire(key: string, seconds: number) {
    return this.#call(async (r) => (await r.expire(key, seconds)) === 1, true);
  }
  ttl(key: string) {
    return this.#call((r) => r.ttl(key));
  }
  incrWithTtl(key: string, ttlSeconds: number) {
    return this.#call(
      async (r) => {
        const replies = await r.multi().incr(key).expire(key, ttlSeconds, 'NX').exec();
        const [error, value] = replies?.[0] ?? [new Error('empty transaction reply'), null];
        if (error) throw error;
        return Number(value);
      },
      true,
      true,
    );
  }
  hgetall(key: string) {
    return this.#call((r) => r.hgetall(key));
  }
  hset(key: string, fields: Record<string, string>) {
    return this.#call(async (r) => {
      await r.hset(key, fields);
    }, true);
  }
  sadd(key: string, ...members: string[]) {
    return this.#call((r) => r.sadd(key, ...members), true);
  }
  srem(key: string, ...members: string[]) {
    return this.#call((r) => r.srem(key, ...members), true);
  }
  smembers(key: string) {
    return this.#call((r) => r.smembers(key));
  }
  scard(key: string) {
    return this.#call((r) => r.scard(key));
  }
  zadd(key: string, ...members: string[]) {
    if (members.length === 0) return Promise.resolve(0);
    return this.#call((r) => r.zadd(key, ...members.flatMap((m) => [0, m])), true);
  }
  zrem(key: string, ...members: string[]) {
    if (members.length === 0) return Promise.resolve(0);
    return this.#call((r) => r.zrem(key, ...members), true);
  }
  zcard(key: string) {
    return this.#call((r) => r.zcard(key));
  }
  lexRange(key: string, below: string | undefined, count: number) {
    const start = below === undefined ? '+' : `(${below}`;
    return this.#call((r) => r.zrange(key, start, '-', 'BYLEX', 'REV', 'LIMIT', 0, count));
  }

  streamAdd(key: string, fields: Record<string, string>, maxLength: number) {
    return this.#call(async (r) => {
      const id = await r.xadd(key, 'MAXLEN', maxLength, '*', ...Object.entries(fields).flat());
      if (!id) throw new Error('XADD returned no id');
      return id;
    }, true);
  }
  streamRange(key: string, before: string | undefined, count: number) {
    return this.#call(async (r) => {
      const entries = await r.xrevrange(key, before ? `(${before}` : '+', '-', 'COUNT', count);
      return entries.map(([id, flat]) => {
        const fields: Record<string, string> = {};
        for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
        return { id, fields };
      });
    });
  }

  queueAdd(
    key: string,
    fields: Record<string, string>,
    options: { maxLength: number; ttlSeconds: number },
  ) {
    return this.#call(async (r) => {
      const flat = Object.entries(fields).flat();
      const replies = await r
        .multi()
        .xadd(key, 'MAXLEN', '~', options.maxLength, '*', ...flat)
        .expire(key, options.ttlSeconds)
        .exec();
      const [error, id] = replies?.[0] ?? [new Error('empty transaction reply'), null];
      if (error) throw error;
      if (typeof id !== 'string') throw new Error('XADD returned no id');
      return id;
    }, true);
  }
  queueRead(key: string, group: string, consumer: string, count: number) {
    return this.#call(async (r) => {
      const read = () =>
        r.xreadgroup('GROUP', group, consumer, 'COUNT', count, 'STREAMS', key, '>') as Promise<
          [string, [string, string[] | null][]][] | null
        >;
      let reply;
      try {
        reply = await read();
      } catch (error) {
        if (!isReply(error, 'NOGROUP')) throw error;
        // from the first entry: what was added before the group existed is delivered too
        try {
          await r.xgroup('CREATE', key, group, '0', 'MKSTREAM');
        } catch (created) {
          if (!isReply(created, 'BUSYGROUP')) throw created;
        }
        reply = await read();
      }
      return entriesOf(reply?.[0]?.[1] ?? []);
    }, true);
  }
  queueClaim(key: string, group: string, consumer: string, minIdleMs: number, count: number) {
    return this.#call(async (r) => {
      try {
        const reply = (await r.xautoclaim(
          key,
          group,
          consumer,
          minIdleMs,
          '0-0',
          'COUNT',
          count,
        )) as [string, [string, string[] | null][]];
        return entriesOf(reply[1] ?? []);
      } catch (error) {
        if (isReply(error, 'NOGROUP')) return [];
        throw error;
      }
    }, true);
  }
  queueHold(key: string, group: string, consumer: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve();
    return this.#call(async (r) => {
      // through `call`: ioredis's typings of XCLAIM want every option at once
      await r.call('XCLAIM', key, group, consumer, '0', ...ids, 'JUSTID');
    }, true);
  }
  queueDone(key: string, group: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve();
    return this.#call(async (r) => {
      const replies = await r
        .multi()
        .xack(key, group, ...ids)
        .xdel(key, ...ids)
        .exec();
      for (const [error] of replies ?? []) if (error) throw error;
    }, true);
  }
  queueTrim(key: string, maxAgeMs: number) {
    return this.#call(async (r) => {
      // the store's own time, as the ids it gave the entries
      const [seconds, micros] = await r.time();
      const oldest = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - maxAgeMs;
      if (oldest <= 0) return 0;
      return r.xtrim(key, 'MINID', `${oldest}-0`);
    }, true);
  }
  queueLength(key: string) {
    return this.#call((r) => r.xlen(key));
  }
  queueOldest(key: string) {
    return this.#call(async (r) => (await r.xrange(key, '-', '+', 'COUNT', 1))[0]?.[0]);
  }

  #sha(script: Script): string {
    let sha = this.#shas.get(script);
    if (!sha) {
      sha = createHash('sha1').update(script.lua).digest('hex');
      this.#shas.set(script, sha);
    }
    return sha;
  }

  /**
   * The indexes of `items` grouped so that one pipeline can take each group: all of them on
   * one Redis; one group a hash slot (of each item's first key) on a cluster, whose pipelines
   * must stay in one slot.
   */
  #pipelineGroups(firstKeys: readonly string[]): number[][] {
    if (this.#target.single) return [firstKeys.map((_, i) => i)];
    return bySlot(firstKeys).map((group) => group.at);
  }

  async runMany(script: Script, calls: readonly ScriptCall[]): Promise<ScriptReply[]> {
    checkBatchCalls(script, calls);
    if (calls.length === 0) return [];
    const sha = this.#sha(script);
    return this.#call(async (r) => {
      const replies = new Array<ScriptReply>(calls.length).fill(null);
      const runGroup = async (at: number[]) => {
        // EVALSHA; runs that find the script not cached yet go again as EVAL (which caches it)
        let pending = at;
        for (const command of ['evalsha', 'eval'] as const) {
          if (pending.length === 0) return;
          const body = command === 'evalsha' ? sha : script.lua;
          const results =
            (await r
              .pipeline(
                pending.map((i) => {
                  const { keys, args } = calls[i]!;
                  return [command, body, keys.length, ...keys, ...args];
                }),
              )
              .exec()) ?? [];
          const missing: number[] = [];
          results.forEach(([error, reply], j) => {
            const i = pending[j]!;
            if (!error) replies[i] = reply as ScriptReply;
            else if (command === 'evalsha' && error.message.startsWith('NOSCRIPT')) missing.push(i);
            else throw error;
          });
          pending = missing;
        }
      };
      await Promise.all(this.#pipelineGroups(calls.map((c) => c.keys[0] ?? '')).map(runGroup));
      return replies;
    }, true);
  }

  setMany(entries: readonly SetEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return this.#call(async (r) => {
      const groups = this.#pipelineGroups(entries.map((e) => e.key));
      await Promise.all(
        groups.map(async (at) => {
          const results =
            (await r
              .pipeline(
                at.map((i) => {
                  const { key, value, ttlSeconds } = entries[i]!;
                  return ttlSeconds === undefined
                    ? ['set', key, value]
                    : ['set', key, value, 'EX', ttlSeconds];
                }),
              )
              .exec()) ?? [];
          for (const [error] of results) if (error) throw error;
        }),
      );
    }, true);
  }

  run(script: Script, keys: string[], args: (string | number)[]): Promise<ScriptReply> {
    const known = this.#sha(script);
    return runDeclared(this, script, keys, (declared) =>
      this.#call(async (r) => {
        try {
          return (await r.evalsha(known, declared.length, ...declared, ...args)) as ScriptReply;
        } catch (error) {
          if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
          return (await r.eval(script.lua, declared.length, ...declared, ...args)) as ScriptReply;
        }
      }, true),
    );
  }

  deleteByPrefix(prefix: string) {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;
    const target = this.#target;
    if (target.single) return this.#call(() => sweep(target.single, pattern), true, true, false);
    // every master, whichever holds the keys: a prefix's keys may live on any of them
    return this.#call(
      async () => {
        const masters = await eachMaster(target.cluster, target.config);
        try {
          const counts = await Promise.all(masters.map(({ redis }) => sweep(redis, pattern)));
          return counts.reduce((sum, n) => sum + n, 0);
        } finally {
          for (const { redis, owned } of masters) if (owned) redis.disconnect();
        }
      },
      true,
      true,
      false,
    );
  }

  publish(channel: string, text: string): Promise<void> {
    return this.#call(async (r) => {
      await r.publish(channel, text);
    });
  }

  /**
   * A connection of its own (a subscribed connection runs no other command), with an offline
   * queue so it subscribes again by itself after a reconnect. While it is down the
   * subscription is not live, and each time it is back the listener is told to reset: what
   * was published meanwhile is lost. On a cluster ioredis keeps the subscription on one node
   * and moves it to another when that one goes; a node leaving resets the listener too.
   */
  async subscribe(channel: string, listener: ChannelListener): Promise<Subscription> {
    const { single, cluster } = this.#target;
    const connection: Redis | Cluster = single
      ? single.duplicate({ enableOfflineQueue: true })
      : cluster.duplicate([], { enableOfflineQueue: true });
    connection.on('error', () => {});
    let live = false;
    let closed = false;
    const down = () => {
      if (!live) return;
      live = false;
      listener.reset();
    };
    connection.on('message', (from: string, text: string) => {
      if (from === channel) listener.message(text);
    });
    connection.on('close', down);
    connection.on('-node', () => {
      listener.reset();
    });
    connection.on('ready', () => {
      if (closed || live) return;
      connection.subscribe(channel).then(
        () => {
          live = !closed;
          listener.reset();
        },
        () => {},
      );
    });
    try {
      await connection.subscribe(channel);
    } catch (error) {
      connection.disconnect();
      throw convert(error);
    }
    live = true;
    return {
      get live() {
        return live;
      },
      async close() {
        closed = true;
        live = false;
        connection.disconnect();
      },
    };
  }

  /**
   * One Redis: it answers. A cluster: some master answers — a master that is down is an
   * outage of its slots on every Guestpass process alike, not a reason to stop sending this
   * process requests (README "Redis Cluster").
   */
  async ping() {
    const { cluster } = this.#target;
    if (!cluster) {
      await this.#call((r) => r.ping());
      return;
    }
    await this.#call(async () => {
      try {
        await Promise.any(cluster.nodes('master').map((node) => node.ping()));
      } catch (error) {
        throw new StoreUnavailableError(error);
      }
    });
  }

  async close() {
    this.#deadlines.stop();
    this.#redis.disconnect();
    this.#batched.disconnect();
  }
}

/** resolves once the client is ready, or false after timeoutMs; never rejects */
function ready(client: Redis | Cluster, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    client.once('ready', onReady);
  });
}

function isReply(error: unknown, code: string): boolean {
  return error instanceof Error && error.message.startsWith(code);
}

/** stream entries as ioredis returns them; an entry deleted while pending has no fields */
function entriesOf(raw: [string, string[] | null][]): StreamEntry[] {
  const entries: StreamEntry[] = [];
  for (const [id, flat] of raw) {
    if (!flat) continue;
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
    entries.push({ id, fields });
  }
  return entries;
}

/**
 * SCAN one node for `pattern`, UNLINKing what it finds: one key a command in one pipeline
 * (the keys of one batch may be of different slots, which one UNLINK cannot take on a
 * cluster node). Returns how many were deleted.
 */
async function sweep(redis: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length) {
      const replies = (await redis.pipeline(keys.map((key) => ['unlink', key])).exec()) ?? [];
      for (const [error, n] of replies) {
        if (error) throw error;
        deleted += Number(n);
      }
    }
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}
