import { runOutsideRequests } from '../../util/request-context.js';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { streamIdTime } from '../../store/store.js';
import type { Store, StreamEntry } from '../../store/store.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import type { SecretBox } from '../../util/secret-box.js';
import { MailDeliveryError } from '../mailer.js';
import type { Mailer } from '../mailer.js';
import { recipientDomain } from '../mask-address.js';
import { backoffMs } from './backoff.js';
import { fromFields, toFields } from './queued-mail.js';
import type { QueuedMail, QueueItem } from './queued-mail.js';

/** What became of one mail; the courier's host records it (sign-in log, mail log). */
export interface MailOutcome {
  readonly id: string;
  readonly mail: QueuedMail;
  readonly status: 'sent' | 'not_sent';
  /** attempts by the courier that finished it */
  readonly attempts: number;
  /** why it was not sent (ours: names a status or a code, never the recipient) */
  readonly reason?: string | undefined;
}

/** The queue as every process sees it (Courier.state). */
export interface QueueState {
  /** mails queued and not finished yet */
  readonly depth: number;
  /** how long the oldest of them has waited, in ms; 0 when there are none */
  readonly oldestAgeMs: number;
}

export interface CourierOptions {
  /** where `enqueue` writes: the request's own connection */
  readonly store: Store;
  /**
   * where the courier's own work goes (polling, leases, finishing); default `store`. A
   * connection of its own keeps that background traffic out of the requests' way.
   */
  readonly workStore?: Store;
  /**
   * the queue's stream keys (Keys.mailQueue of each shard): a mail goes to one, the next one
   * when that one's node does not answer; the courier reads them all
   */
  readonly queueKeys: readonly string[];
  /** the transport, without retries of its own */
  readonly transport: Mailer;
  readonly logger: Logger;
  readonly clock: Clock;
  /** seals the recipient and content of queued mail (every process needs the same secrets) */
  readonly box: SecretBox;
  /** give a mail up this long after it was queued (MAIL_GIVE_UP_SECONDS) */
  readonly giveUpMs: number;
  /** take over a mail its courier has not renewed for this long (MAIL_CLAIM_IDLE_SECONDS) */
  readonly claimIdleMs: number;
  /** how often the queue is read when nothing nudges it; default 1 s */
  readonly pollMs?: number;
  /** mails one process works on at once; default 8 */
  readonly concurrency?: number;
  /** records an outcome; a failure here is logged, the mail is finished all the same */
  readonly onOutcome?: (outcome: MailOutcome) => Promise<void>;
  /** told of each transient failure that will be retried (metrics) */
  readonly onRetry?: () => void;
}

/** one consumer group: every Guestpass process shares the queue's work */
const group = 'couriers';
/** the queue's cap (entries); far above any real backlog */
const maxQueueLength = 100_000;
/** how often the queue is trimmed of entries older than the give-up time */
const trimEveryMs = 60_000;

interface Held {
  readonly id: string;
  /** the shard it is in */
  readonly key: string;
  readonly item: QueueItem;
  attempts: number;
  /** no attempt before this instant (ms, by the clock) */
  notBefore: number;
  sending: Promise<void> | undefined;
  lastError: string | undefined;
  /** when its lease was last renewed (ms, real time: Redis judges idle time) */
  renewedAt: number;
}

/**
 * The mail courier: "Send code" and invitations put the rendered mail on a Redis stream and
 * answer at once; a courier in every Guestpass process reads the stream as one consumer of
 * the group `couriers` and delivers through the configured transport.
 *
 * - Transient failures wait (2 s doubling, or as long as SendGrid's X-RateLimit-Reset says)
 *   and are retried with the same message — the same code — until the mail's deadline:
 *   MAIL_GIVE_UP_SECONDS after it was queued, never after a passcode's expiry. Permanent
 *   failures and the deadline finish it as `not_sent`.
 * - A mail stays in the group's pending list until it is finished (XACK and XDEL). While a
 *   courier works on it, it renews its lease (XCLAIM); a mail whose courier died is taken
 *   over by any courier after MAIL_CLAIM_IDLE_SECONDS (XAUTOCLAIM). A courier that hung
 *   mid-send may cause one duplicate when it wakes.
 * - Deadlines and waits are judged by the injected clock; the reading loop runs on real
 *   timers (polling, and at once when this process queued something).
 */
export class Courier {
  readonly #o: CourierOptions;
  readonly #workStore: Store;
  readonly #consumer = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  /** by shard and id */
  readonly #held = new Map<string, Held>();
  readonly #pollMs: number;
  readonly #concurrency: number;
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  /** the shards this process queued to since the last round began: the next round reads them */
  readonly #due = new Set<string>();
  /** the next round is a whole one (`nudge()`, the first) */
  #whole = true;
  /** when the last whole round began (ms, real time) */
  #wholeAt = 0;
  /** a round read all it had room for: more may wait, so finishing a mail starts a round */
  #starved = false;
  #running = false;
  #trimmedAt = 0;
  /** the shard the next mail goes to first (round robin) */
  #next = Math.floor(Math.random() * 1024);
  /** since when reading the queue fails (ms, by the clock), and when that was last logged */
  #failingSince: number | undefined;
  #failureLoggedAt = 0;
  /** ticks run since start (tests wait for a tick instead of sleeping) */
  ticks = 0;

  constructor(options: CourierOptions) {
    this.#o = options;
    this.#workStore = options.workStore ?? options.store;
    this.#pollMs = options.pollMs ?? 1000;
    this.#concurrency = options.concurrency ?? 8;
  }

  /** the name this process reads the queue under */
  get consumer(): string {
    return this.#consumer;
  }

  /**
   * The queue as every process sees it: the mails queued and not finished yet, and how long
   * the oldest of them has waited (ms by the clock, from the id the store gave it; 0 when there
   * are none) — a mail another process keeps retrying counts too. Fails when a shard's node
   * does not answer — a state that leaves a shard out is not the queue's (the metrics then
   * keep their last values, as when Redis is down) — unless `answering` asks for the shards
   * that answer only (a caller waiting for the mail it can reach while a node is down).
   */
  async state(options: { answering?: boolean } = {}): Promise<QueueState> {
    const shards = await Promise.allSettled(
      this.#o.queueKeys.map((key) =>
        Promise.all([this.#workStore.queueLength(key), this.#workStore.queueOldest(key)]),
      ),
    );
    let depth = 0;
    let oldest = Infinity;
    for (const shard of shards) {
      if (shard.status === 'rejected') {
        if (options.answering) continue;
        throw shard.reason;
      }
      const [length, id] = shard.value;
      depth += length;
      if (id !== undefined) oldest = Math.min(oldest, streamIdTime(id));
    }
    const oldestAgeMs = oldest === Infinity ? 0 : Math.max(0, this.#o.clock.now() - oldest);
    return { depth, oldestAgeMs };
  }

  /** the state's depth: mails queued and not finished yet, by any process */
  async pending(options: { answering?: boolean } = {}): Promise<number> {
    return (await this.state(options)).depth;
  }

  /** mails this process is working on */
  get inFlight(): number {
    return this.#held.size;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.nudge();
  }

  /**
   * Queues a mail (undefined: a decoy, which the courier drops) and returns its queue id at
   * once; the courier delivers it.
   */
  async enqueue(mail: QueuedMail | undefined): Promise<string> {
    const now = Math.floor(this.#o.clock.now());
    const deadline = Math.min(now + this.#o.giveUpMs, mail?.expiresAt ?? Number.POSITIVE_INFINITY);
    const fields = toFields(mail, now, deadline, this.#o.box);
    const keys = this.#o.queueKeys;
    const first = this.#next++ % keys.length;
    let failure: unknown;
    // one shard, or the next while a shard's node does not answer (a cluster master down)
    for (let i = 0; i < keys.length; i += 1) {
      try {
        const key = keys[(first + i) % keys.length]!;
        const id = await this.#o.store.queueAdd(key, fields, {
          maxLength: maxQueueLength,
          ttlSeconds: Math.ceil(this.#o.giveUpMs / 1000),
        });
        this.#nudge(key);
        return id;
      } catch (error) {
        failure = error;
      }
    }
    throw failure;
  }

  /**
   * runs a round now instead of at the next poll — a whole one: every shard, with claims
   * (tests after moving the clock)
   */
  nudge(): void {
    this.#whole = true;
    this.#soon();
  }

  /** a round now, for what is new in `shard`: this process just queued there */
  #nudge(shard: string): void {
    this.#due.add(shard);
    this.#soon();
  }

  #soon(): void {
    if (!this.#running || this.#ticking) return; // a round running starts the next at its end
    clearTimeout(this.#timer);
    // outside the request that nudged it: the courier's lines carry no request's id
    this.#timer = runOutsideRequests(() => setTimeout(() => this.#tick(), 0));
  }

  /** stops reading; mails being worked on stay in the queue for the next courier to take */
  async close(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#ticking;
    const sending = [...this.#held.values()].flatMap((h) => (h.sending ? [h.sending] : []));
    // a hung transport is not waited for: its mail is taken over after MAIL_CLAIM_IDLE_SECONDS
    await Promise.race([
      Promise.allSettled(sending),
      new Promise((resolve) => setTimeout(resolve, 500).unref()),
    ]);
    this.#held.clear();
  }

  #tick(): void {
    // a whole round when asked or polling (nothing nudged), and at least every pollMs
    // however often it is nudged
    const whole = this.#whole || this.#due.size === 0 || Date.now() - this.#wholeAt >= this.#pollMs;
    const shards = whole ? this.#o.queueKeys : [...this.#due];
    if (whole) this.#wholeAt = Date.now();
    this.#whole = false;
    this.#due.clear();
    this.#ticking = this.#work(shards, whole)
      .then(() => {
        if (this.#failingSince !== undefined)
          this.#o.logger.info('courier.poll_recovered', {
            failedForMs: this.#o.clock.now() - this.#failingSince,
          });
        this.#failingSince = undefined;
      })
      .catch((error: unknown) => {
        // once when the store stops answering, then once a minute while it stays so
        const now = this.#o.clock.now();
        if (this.#failingSince === undefined || now - this.#failureLoggedAt >= 60_000) {
          this.#o.logger.warn('courier.poll_failed', { reason: describe(error) });
          this.#failureLoggedAt = now;
        }
        this.#failingSince ??= now;
      })
      .finally(() => {
        this.#ticking = undefined;
        this.ticks += 1;
        if (!this.#running) return;
        // nudged meanwhile: at once; else after pollMs (a whole round by then)
        const delay = this.#whole || this.#due.size > 0 ? 0 : this.#pollMs;
        this.#timer = runOutsideRequests(() => setTimeout(() => this.#tick(), delay));
        this.#timer.unref();
      });
  }

  /**
   * One round: reads `shards`, then sends, retries or gives up what it holds. A whole round
   * reads every shard and takes over mails left idle (XAUTOCLAIM); a round after this
   * process queued a mail reads only that shard's new entries.
   */
  async #work(shards: readonly string[], whole: boolean): Promise<void> {
    const { queueKeys } = this.#o;
    // every shard at once: one whose node does not answer holds up none of the others
    const share = Math.ceil(this.#concurrency / Math.max(1, shards.length));
    const results = await Promise.allSettled(
      shards.map((key) => this.#readShard(key, share, whole)),
    );
    const now = this.#o.clock.now();
    for (const held of this.#held.values()) {
      if (held.sending) continue;
      if (now >= held.item.deadline) held.sending = this.#giveUp(held);
      else if (now >= held.notBefore) held.sending = this.#attempt(held);
    }
    await this.#renewLeases();
    if (Date.now() - this.#trimmedAt >= trimEveryMs) {
      this.#trimmedAt = Date.now();
      await Promise.allSettled(
        queueKeys.map((key) => this.#workStore.queueTrim(key, this.#o.giveUpMs)),
      );
    }
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** takes over what was left idle in one shard (`claim`), then reads what is new there */
  async #readShard(key: string, share: number, claim: boolean): Promise<void> {
    const store = this.#workStore;
    const room = Math.min(share, this.#concurrency - this.#held.size);
    if (room <= 0) {
      this.#starved = true;
      return;
    }
    const claimed = claim
      ? await store.queueClaim(key, group, this.#consumer, this.#o.claimIdleMs, room)
      : [];
    for (const entry of claimed) {
      this.#o.logger.info('mail.claimed', { id: entry.id });
      this.#take(key, entry);
    }
    if (room > claimed.length) {
      const fresh = await store.queueRead(key, group, this.#consumer, room - claimed.length);
      for (const entry of fresh) this.#take(key, entry);
      if (claimed.length + fresh.length >= room) this.#starved = true;
    } else this.#starved = true;
  }

  #take(key: string, entry: StreamEntry): void {
    // ids are per stream: two shards may give the same one
    if (this.#held.has(`${key} ${entry.id}`)) return;
    const item = fromFields(entry.fields, this.#o.box);
    if (!item?.mail) {
      // a decoy, or an entry this version cannot read or open: nothing to send
      if (!item) this.#o.logger.error('mail.unreadable', { id: entry.id });
      if (item?.unopened)
        this.#o.logger.error('mail.not_sent', {
          id: entry.id,
          ...item.unopened,
          reason: 'sealed with a secret not in COOKIE_SECRETS',
        });
      void this.#finish(key, entry.id);
      return;
    }
    this.#held.set(`${key} ${entry.id}`, {
      id: entry.id,
      key,
      item,
      attempts: 0,
      notBefore: 0,
      sending: undefined,
      lastError: undefined,
      renewedAt: Date.now(),
    });
  }

  /** renews the lease on mails waiting to be retried, well before another courier may take them */
  async #renewLeases(): Promise<void> {
    const due = [...this.#held.values()].filter(
      (h) => Date.now() - h.renewedAt >= this.#o.claimIdleMs / 3,
    );
    if (due.length === 0) return;
    const byKey = new Map<string, Held[]>();
    for (const h of due) byKey.set(h.key, [...(byKey.get(h.key) ?? []), h]);
    await Promise.allSettled(
      [...byKey].map(async ([key, held]) => {
        await this.#workStore.queueHold(
          key,
          group,
          this.#consumer,
          held.map((h) => h.id),
        );
        for (const h of held) h.renewedAt = Date.now();
      }),
    );
  }

  async #attempt(held: Held): Promise<void> {
    const mail = held.item.mail!;
    held.attempts += 1;
    const fields = logFields(held);
    try {
      try {
        await this.#o.transport.send(mail);
      } catch (error) {
        const known = error instanceof MailDeliveryError ? error : undefined;
        held.lastError = describe(error);
        const now = this.#o.clock.now();
        const wait = known && !known.permanent ? backoffMs(known, held.attempts) : undefined;
        if (wait === undefined || now + wait >= held.item.deadline) {
          await this.#finishAs(held, 'not_sent', known);
          return;
        }
        held.notBefore = now + wait;
        this.#o.onRetry?.();
        this.#o.logger.warn('mail.retry', {
          ...fields,
          transport: known?.transport,
          status: known?.status,
          reason: held.lastError,
          waitMs: wait,
        });
        return;
      }
      await this.#finishAs(held, 'sent');
    } finally {
      held.sending = undefined;
    }
  }

  #giveUp(held: Held): Promise<void> {
    held.lastError ??= 'not delivered before its deadline';
    return this.#finishAs(held, 'not_sent').finally(() => (held.sending = undefined));
  }

  async #finishAs(
    held: Held,
    status: 'sent' | 'not_sent',
    error?: MailDeliveryError,
  ): Promise<void> {
    const mail = held.item.mail!;
    const fields = {
      ...logFields(held),
      queuedMs: Math.max(0, Math.round(this.#o.clock.now() - held.item.enqueuedAt)),
    };
    if (status === 'sent') this.#o.logger.info('mail.sent', fields);
    else
      this.#o.logger.error('mail.not_sent', {
        ...fields,
        transport: error?.transport,
        status: error?.status,
        permanent: error?.permanent,
        reason: held.lastError,
      });
    try {
      await this.#o.onOutcome?.({
        id: held.id,
        mail,
        status,
        attempts: held.attempts,
        reason: status === 'not_sent' ? held.lastError : undefined,
      });
    } catch (recordError) {
      this.#o.logger.warn('mail.outcome_not_recorded', {
        id: held.id,
        reason: describe(recordError),
      });
    }
    await this.#finish(held.key, held.id);
    this.#held.delete(`${held.key} ${held.id}`);
    // room for the next one, when a round left some unread
    if (this.#starved) {
      this.#starved = false;
      this.nudge();
    }
  }

  async #finish(key: string, id: string): Promise<void> {
    try {
      await this.#workStore.queueDone(key, group, [id]);
    } catch (error) {
      // left pending: another courier takes it over, and may send it once more
      this.#o.logger.warn('mail.finish_failed', { id, reason: describe(error) });
    }
  }
}

function logFields(held: Held) {
  const mail = held.item.mail!;
  return {
    id: held.id,
    tenant: mail.tenant,
    kind: mail.kind,
    toDomain: recipientDomain(mail.to),
    attempts: held.attempts,
  };
}

/** Our own errors' messages name a status or a code, never an address; others by name only. */
function describe(error: unknown): string {
  if (error instanceof MailDeliveryError) return error.message;
  return `unexpected ${error instanceof Error ? error.name : 'error'}`;
}
