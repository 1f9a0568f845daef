import { afterEach, describe, expect, it } from '@jest/globals';
import { Courier } from '../../../src/mail/courier/courier.js';
import { Outbox, OutboxMailer } from '../../../src/mail/outbox.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { StoreUnavailableError } from '../../../src/store/store-unavailable-error.js';
import { ManualClock } from '../../../src/util/clock.js';
import { createLogger } from '../../../src/util/logger.js';
import { SecretBox } from '../../../src/util/secret-box.js';
import { queuedMail, WatchedQueueStore } from '../../support/courier-queue.js';

const shards = Array.from({ length: 8 }, (_, i) => `gp:{mail-courier:${i}}:queue`);

let courier: Courier | undefined;
afterEach(async () => courier?.close());

/** a courier that is not started (nothing sends), on a store whose shard `down` does not answer */
function courierWith(down?: string) {
  const store = new WatchedQueueStore((read, key) => {
    if (read === 'length' && key === down) throw new StoreUnavailableError('connecting');
  });
  const made = new Courier({
    store,
    queueKeys: shards,
    transport: new OutboxMailer(new Outbox()),
    logger: createLogger('error', () => {}),
    clock: new ManualClock(Date.parse('2026-11-28T08:00:00Z')),
    box: new SecretBox(['a-secret-of-at-least-32-characters-long!'], 'queued-mail'),
    giveUpMs: 900_000,
    claimIdleMs: 60_000,
  });
  courier = made;
  return { courier: made, store };
}

describe("the courier's pending count", () => {
  it('counts the mails queued on every shard', async () => {
    const { courier } = courierWith();
    for (const to of ['a@example.com', 'b@example.com', 'c@example.com'])
      await courier.enqueue(queuedMail(to));
    expect(await courier.pending()).toBe(3);
  });

  it('fails, rather than counting it as empty, when a shard does not answer', async () => {
    const { courier } = courierWith(shards[3]);
    await courier.enqueue(queuedMail('a@example.com'));
    await expect(courier.pending()).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('counts the shards that answer when asked for those only', async () => {
    const { courier, store } = courierWith(shards[3]);
    for (let i = 0; i < 24; i += 1) await courier.enqueue(queuedMail(`guest-${i}@example.com`));
    // what the shard that does not answer holds, read past its failure
    const unreachable = await MemoryStore.prototype.queueLength.call(store, shards[3]!);
    expect(await courier.pending({ answering: true })).toBe(24 - unreachable);
  });
});
