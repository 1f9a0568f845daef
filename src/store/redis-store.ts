import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { runDeclared } from './store.js';
import type { Script, ScriptReply, SetOptions, Store } from './store.js';
import { StoreUnavailableError } from './store-unavailable-error.js';

/** Redis errors that are our bug (bad script, wrong type) stay errors; the rest mean "down". */
function convert(error: unknown): Error {
  if (
    error instanceof Error &&
    error.name === 'ReplyError' &&
    !/^(LOADING|BUSY|MASTERDOWN)/.test(error.message)
  ) {
    return error;
  }
  return new StoreUnavailableError(error);
}

/**
 * Redis behind the Store interface. Fails closed and fast: no offline queue (a command
 * while disconnected fails at once instead of hanging the guest's request), a command
 * timeout, and endless reconnects so the service comes back on its own when Redis does.
 */
export class RedisStore implements Store {
  readonly kind = 'redis';
  readonly #redis: Redis;
  readonly #shas = new Map<Script, string>();

  constructor(url: string) {
    this.#redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 2000,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(times * 100, 1000),
    });
    // connection errors surface through commands (converted below) and /readyz
    this.#redis.on('error', () => {});
  }

  /** resolves once connected (or after timeoutMs, whichever is first); never rejects */
  async waitUntilReady(timeoutMs = 5000): Promise<boolean> {
    if (this.#redis.status === 'ready') return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#redis.off('ready', onReady);
        resolve(false);
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.#redis.once('ready', onReady);
    });
  }

  /** round trips to Redis since start, and how many of them wrote (a pipeline counts once) */
  readonly traffic = { roundTrips: 0, writes: 0 };

  async #call<T>(fn: (redis: Redis) => Promise<T>, writes = false): Promise<T> {
    if (this.#redis.status !== 'ready') throw new StoreUnavailableError(this.#redis.status);
    this.traffic.roundTrips += 1;
    if (writes) this.traffic.writes += 1;
    try {
      return await fn(this.#redis);
    } catch (error) {
      throw convert(error);
    }
  }

  get(key: string) {
    return this.#call((r) => r.get(key));
  }
  mget(keys: string[]) {
    if (keys.length === 0) return Promise.resolve([]);
    return this.#call((r) => r.mget(keys));
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
  del(...keys: string[]) {
    if (keys.length === 0) return Promise.resolve(0);
    return this.#call((r) => r.del(...keys), true);
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
    return this.#call(async (r) => {
      const replies = await r.multi().incr(key).expire(key, ttlSeconds, 'NX').exec();
      const [error, value] = replies?.[0] ?? [new Error('empty transaction reply'), null];
      if (error) throw error;
      return Number(value);
    }, true);
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

  run(script: Script, keys: string[], args: (string | number)[]): Promise<ScriptReply> {
    let sha = this.#shas.get(script);
    if (!sha) {
      sha = createHash('sha1').update(script.lua).digest('hex');
      this.#shas.set(script, sha);
    }
    const known = sha;
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
    return this.#call(async (r) => {
      let cursor = '0';
      let deleted = 0;
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        if (keys.length) deleted += await r.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
      return deleted;
    });
  }

  async ping() {
    await this.#call((r) => r.ping());
  }

  async close() {
    this.#redis.disconnect();
  }
}
