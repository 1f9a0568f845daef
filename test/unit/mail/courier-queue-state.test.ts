import { afterEach, describe, expect, it } from '@jest/globals';
import { Courier } from '../../../src/mail/courier/courier.js';
import { MailDeliveryError } from '../../../src/mail/mailer.js';
import type { Mailer } from '../../../src/mail/mailer.js';
import { Outbox, OutboxMailer } from '../../../src/mail/outbox.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { StoreUnavailableError } from '../../../src/store/store-unavailable-error.js';
import { ManualClock } from '../../../src/util/clock.js';
import { createLogger } from '../../../src/util/logger.js';
import { SecretBox } from '../../../src/util/secret-box.js';
import { queuedMail, WatchedQueueStore } from '../../support/courier-queue.js';

const shards = Array.from({ length: 8 }, (_, i) => `gp:{mail-courier:${i}}:queue`);

const couriers: Courier[] = [];
afterEach(async () => {
  await Promise.all(couriers.splice(0).map((c) => c.close()));
});

/** a courier of its own (another process's, as far as the queue can tell) on `store` */
function courierOn(store: WatchedQueueStore, clock: ManualClock, transport: Mailer) {
  const made = new Courier({
    store,
    queueKeys: shards,
    transport,
    logger: createLogger('error', () => {}),
    clock,
    box: new SecretBox(['a-secret-of-at-least-32-characters-long!'], 'queued-mail'),
    giveUpMs: 900_000,
    claimIdleMs: 60_000,
  });
  couriers.push(made);
  return made;
}

/** a courier that is not started (nothing sends), on a store whose shard `down` does not answer */
function courierWith(down?: string) {
  const clock = new ManualClock(Date.parse('2026-11-28T08:00:00Z'));
  const store = new WatchedQueueStore((read, key) => {
    if ((read === 'length' || read === 'oldest') && key === down)
      throw new StoreUnavailableError('connecting');
  }, clock);
  const made = courierOn(store, clock, new OutboxMailer(new Outbox()));
  return { courier: made, store, clock };
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

describe("the courier's oldest mail", () => {
  it('is the age of the oldest mail queued on any shard, by the clock', async () => {
    const { courier, clock } = courierWith();
    expect(await courier.state()).toEqual({ depth: 0, oldestAgeMs: 0 });
    await courier.enqueue(queuedMail('first@example.com'));
    clock.advance(90);
    await courier.enqueue(queuedMail('second@example.com'));
    clock.advance(10);
    expect(await courier.state()).toEqual({ depth: 2, oldestAgeMs: 100_000 });
  });

  it("counts a mail another process's courier keeps retrying", async () => {
    const { courier: watching, store, clock } = courierWith();
    let attempts = 0;
    const failing: Mailer = {
      send: async () => {
        attempts += 1;
        throw new MailDeliveryError('SendGrid answered 503', false, 'sendgrid', 503);
      },
    };
    const retrying = courierOn(store, clock, failing);
    retrying.start();
    await retrying.enqueue(queuedMail('stuck@example.com'));
    for (let i = 0; i < 400 && attempts === 0; i += 1) await new Promise((r) => setTimeout(r, 5));
    expect(attempts).toBeGreaterThan(0);
    expect(retrying.inFlight).toBe(1);
    clock.advance(300);
    // the watching courier holds nothing; the queue still has the mail, five minutes old
    expect(watching.inFlight).toBe(0);
    expect(await watching.state()).toEqual({ depth: 1, oldestAgeMs: 300_000 });
  });

  it('fails, rather than leaving the shard out, when a shard does not answer', async () => {
    const { courier } = courierWith(shards[5]);
    await expect(courier.state()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect((await courier.state({ answering: true })).depth).toBe(0);
  });
});
