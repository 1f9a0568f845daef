import { afterEach, describe, expect, it } from '@jest/globals';
import { Courier } from '../../../src/mail/courier/courier.js';
import { Outbox, OutboxMailer } from '../../../src/mail/outbox.js';
import { ManualClock } from '../../../src/util/clock.js';
import { createLogger } from '../../../src/util/logger.js';
import { SecretBox } from '../../../src/util/secret-box.js';
import { queuedMail, WatchedQueueStore } from '../../support/courier-queue.js';

const shards = Array.from({ length: 8 }, (_, i) => `gp:{mail-courier:${i}}:queue`);

let courier: Courier | undefined;
afterEach(async () => courier?.close());

function startCourier(pollMs: number) {
  const counted = { reads: [] as string[], claims: [] as string[] };
  const store = new WatchedQueueStore((read, key) => {
    if (read === 'new' || read === 'claim')
      (read === 'new' ? counted.reads : counted.claims).push(key);
  });
  const outbox = new Outbox();
  courier = new Courier({
    store,
    queueKeys: shards,
    transport: new OutboxMailer(outbox),
    logger: createLogger('error', () => {}),
    clock: new ManualClock(Date.parse('2026-11-28T08:00:00Z')),
    box: new SecretBox(['a-secret-of-at-least-32-characters-long!'], 'queued-mail'),
    giveUpMs: 900_000,
    claimIdleMs: 60_000,
    pollMs,
  });
  courier.start();
  return { store: counted, outbox, courier };
}

/** waits (bounded, real timers drive the courier) until `check` holds */
async function until(check: () => boolean) {
  for (let i = 0; i < 400 && !check(); i += 1) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe('the courier reads', () => {
  it('every shard, with claims, when it starts; then only the shard a mail of its own went to', async () => {
    const { store, outbox, courier } = startCourier(60_000);
    await until(() => courier.ticks >= 1);
    expect(store.claims).toEqual(shards);
    expect(store.reads).toEqual(shards);
    store.reads = [];
    store.claims = [];
    await courier.enqueue(queuedMail('one@example.com'));
    await until(() => outbox.list().length === 1);
    expect(store.reads).toHaveLength(1);
    expect(shards).toContain(store.reads[0]);
    expect(store.claims).toEqual([]);
  });

  it('every shard, with claims, at least once a poll interval however often it is nudged', async () => {
    const { store, outbox, courier } = startCourier(40);
    await until(() => courier.ticks >= 1);
    store.claims = [];
    const started = Date.now();
    let sent = 0;
    while (Date.now() - started < 200) {
      await courier.enqueue(queuedMail(`guest-${sent}@example.com`));
      sent += 1;
      await new Promise((r) => setTimeout(r, 2));
    }
    await until(() => outbox.list().length === sent);
    // a whole round (8 claims) every 40 ms or so of the 200
    expect(store.claims.length).toBeGreaterThanOrEqual(2 * shards.length);
    expect(store.claims.length).toBeLessThan(sent * shards.length);
  });
});
