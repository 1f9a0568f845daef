import type { QueuedMail } from '../../src/mail/courier/queued-mail.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Clock } from '../../src/util/clock.js';

/** a passcode mail as the journey queues it, to `to` */
export const queuedMail = (to = 'guest@example.com'): QueuedMail => ({
  to,
  subject: 'Your Fabrikam verification code',
  text: 'code 123456',
  html: '<p>123456</p>',
  kind: 'passcode',
  tenant: 'fabrikam',
  scope: 'fabrikam:1',
  guest: 'g1',
  client: 'app',
});

/**
 * A memory store whose courier reads — new entries (XREADGROUP), claims (XAUTOCLAIM),
 * lengths (XLEN) and oldest entries (XRANGE) — first go through `before`, which may count them or throw (a store that does
 * not answer).
 */
export class WatchedQueueStore extends MemoryStore {
  constructor(
    private readonly before: (read: 'new' | 'claim' | 'length' | 'oldest', key: string) => void,
    clock?: Clock,
  ) {
    super(clock);
  }

  override async queueRead(key: string, group: string, consumer: string, count: number) {
    this.before('new', key);
    return super.queueRead(key, group, consumer, count);
  }

  override async queueClaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    count: number,
  ) {
    this.before('claim', key);
    return super.queueClaim(key, group, consumer, minIdleMs, count);
  }

  override async queueLength(key: string) {
    this.before('length', key);
    return super.queueLength(key);
  }

  override async queueOldest(key: string) {
    this.before('oldest', key);
    return super.queueOldest(key);
  }
}
