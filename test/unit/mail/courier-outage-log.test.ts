import { afterEach, describe, expect, it } from '@jest/globals';
import { Courier } from '../../../src/mail/courier/courier.js';
import { Outbox, OutboxMailer } from '../../../src/mail/outbox.js';
import { StoreUnavailableError } from '../../../src/store/store-unavailable-error.js';
import { ManualClock } from '../../../src/util/clock.js';
import { createLogger } from '../../../src/util/logger.js';
import { SecretBox } from '../../../src/util/secret-box.js';
import { WatchedQueueStore } from '../../support/courier-queue.js';

/** a store whose queue does not answer while `down` (a Redis outage, as the courier sees it) */
class FlakyQueueStore extends WatchedQueueStore {
  down = true;
  constructor(clock: ManualClock) {
    super(() => {
      if (this.down) throw new StoreUnavailableError('connect ECONNREFUSED');
    }, clock);
  }
}

let courier: Courier | undefined;
afterEach(async () => courier?.close());

/** waits (bounded) until the courier has run `n` more ticks: real timers drive its loop */
async function ticks(c: Courier, n: number) {
  const target = c.ticks + n;
  for (let i = 0; i < 400 && c.ticks < target; i += 1)
    await new Promise((resolve) => setTimeout(resolve, 5));
  expect(c.ticks).toBeGreaterThanOrEqual(target);
}

describe('the courier while its store does not answer', () => {
  it('logs the outage once, again once a minute while it lasts, and once when it is over', async () => {
    const clock = new ManualClock(Date.parse('2026-11-28T08:00:00Z'));
    const store = new FlakyQueueStore(clock);
    const lines: { event: string }[] = [];
    const logger = createLogger('info', (line) => lines.push(JSON.parse(line)));
    courier = new Courier({
      store,
      queueKeys: ['gp:{mail-courier:0}:queue'],
      transport: new OutboxMailer(new Outbox()),
      logger,
      clock,
      box: new SecretBox(['a-secret-of-at-least-32-characters-long!'], 'queued-mail'),
      giveUpMs: 900_000,
      claimIdleMs: 60_000,
      pollMs: 2,
    });
    courier.start();
    const events = (name: string) => lines.filter((l) => l.event === name).length;

    await ticks(courier, 5);
    expect(events('courier.poll_failed')).toBe(1);
    clock.advance(61);
    await ticks(courier, 3);
    expect(events('courier.poll_failed')).toBe(2);
    store.down = false;
    await ticks(courier, 3);
    expect(events('courier.poll_recovered')).toBe(1);
    expect(events('courier.poll_failed')).toBe(2);
  });
});
