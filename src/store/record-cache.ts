import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';
import { Lru } from '../util/lru.js';
import type { Store, Subscription } from './store.js';

interface Cached<V> {
  readonly value: V;
  /** clock milliseconds after which the entry is read again (a backstop, see below) */
  readonly until: number;
}

/**
 * In-process copies of records that are read on every request and rarely change (tenants,
 * clients), kept correct across processes: whoever changes a record publishes its key on one
 * channel of the store, and every process — the writer's included — drops its copy on hearing
 * it. A copy is kept only while the subscription is live, and only when no invalidation arrived
 * while it was being read (a read that raced a change is used once, not kept). Whenever the
 * subscription comes back after messages may have been lost, every copy is dropped. Each copy
 * also lives at most `ttlMs` by the injected clock: a backstop for a message lost without the
 * connection noticing (a cluster's subscriber moving to another node).
 */
export class Invalidations {
  readonly #caches = new Set<RecordCache<unknown>>();
  /** invalidations heard so far: a read keeps its copy only when this did not move meanwhile */
  #heard = 0;
  #subscription: Subscription | undefined;

  private constructor(
    private readonly store: Store,
    private readonly channel: string,
    readonly clock: Clock,
  ) {}

  /**
   * Subscribes to `channel` on the store (one connection a process). Never fails: a store that
   * does not answer (Redis unreachable at start) is subscribed to in the background, again
   * and again, and until the subscription is established nothing is kept — every read goes
   * to the store, as while a subscription is down after a reconnect.
   */
  static async start(store: Store, channel: string, clock: Clock = systemClock) {
    const hub = new Invalidations(store, channel, clock);
    await hub.#subscribe();
    return hub;
  }

  #closed = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #attempts = 0;
  #subscribing: Promise<void> | undefined;

  /** one attempt; on failure the next is scheduled (waiting longer each time, up to 2 s) */
  #subscribe(): Promise<void> {
    this.#subscribing = this.store
      .subscribe(this.channel, {
        message: (key) => this.#drop(key),
        reset: () => this.#dropAll(),
      })
      .then(
        async (subscription) => {
          if (this.#closed) {
            await subscription.close();
            return;
          }
          this.#subscription = subscription;
          // what was read before now may have missed a change: no such read is kept
          if (this.#attempts > 0) this.#dropAll();
        },
        () => {
          if (this.#closed) return;
          this.#attempts += 1;
          this.#retry = setTimeout(
            () => void this.#subscribe(),
            Math.min(this.#attempts * 200, 2000),
          );
          this.#retry.unref();
        },
      );
    return this.#subscribing;
  }

  get live(): boolean {
    return this.#subscription?.live ?? false;
  }

  get heard(): number {
    return this.#heard;
  }

  /** a cache of records of one kind, on this hub */
  cache<V>(options: { max: number; ttlMs: number }): RecordCache<V> {
    const cache = new RecordCache<V>(this, options.max, options.ttlMs);
    this.#caches.add(cache as RecordCache<unknown>);
    return cache;
  }

  /**
   * After a record changed in the store: this process's copy goes now, every other process's
   * when the message reaches it (before the writer's caller is answered, the message is in
   * Redis's hands).
   */
  async changed(key: string): Promise<void> {
    this.#drop(key);
    await this.store.publish(this.channel, key);
  }

  #drop(key: string) {
    this.#heard += 1;
    for (const cache of this.#caches) cache.forget(key);
  }

  #dropAll() {
    this.#heard += 1;
    for (const cache of this.#caches) cache.clear();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    await this.#subscribing;
    await this.#subscription?.close();
  }
}

/** One kind of cached record, by store key (see Invalidations). */
export class RecordCache<V> {
  #entries: Lru<string, Cached<V>>;

  constructor(
    private readonly hub: Invalidations,
    private readonly max: number,
    private readonly ttlMs: number,
  ) {
    this.#entries = new Lru(max);
  }

  /** the copy of `key`, or what `load` reads (kept when it exists and nothing raced it) */
  async read(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const now = this.hub.clock.now();
    const hit = this.#entries.get(key);
    if (hit && now < hit.until) return hit.value;
    const heard = this.hub.heard;
    const value = await load();
    // a missing record is not kept: unknown names must not push real ones out
    if (value !== undefined && this.hub.live && this.hub.heard === heard) {
      this.#entries.set(key, { value, until: now + this.ttlMs });
    }
    return value;
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries = new Lru(this.max);
  }
}
