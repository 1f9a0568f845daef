import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/util/clock.js';
import { invite } from '../support/guest-journey.js';
import { scrape, valueOf } from '../support/prometheus-text.js';
import { startSendGridStandIn } from '../support/sendgrid-stand-in.js';
import type { SendGridStandIn } from '../support/sendgrid-stand-in.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

/**
 * Two processes on one Redis (one key prefix): `sending` queues an invitation mail its
 * SendGrid keeps refusing for now (503: retried, with backoff), `watching` only answers
 * /metrics. The queue's gauges are the queue's, not the scraped process's own mails.
 */
let sendgrid: SendGridStandIn;
let sending: TestApp;
let watching: TestApp;
const token = randomBytes(24).toString('base64url');
const env = (extra: Record<string, string> = {}) => ({
  REDIS_KEY_PREFIX: prefix,
  MAIL_TRANSPORT: 'sendgrid',
  SENDGRID_API_KEY: 'SG.test-key',
  SENDGRID_API_URL: sendgrid.url,
  ...extra,
});
const prefix = `test-${randomBytes(4).toString('hex')}:`;

beforeAll(async () => {
  sendgrid = await startSendGridStandIn();
  sendgrid.respondWith([], { status: 503, body: { errors: [{ message: 'try later' }] } });
  sending = await startTestApp(env());
});
afterAll(async () => {
  await watching?.close();
  await sending?.close();
  await sendgrid?.close();
});

describe("the courier queue's gauges", () => {
  it("count a mail another process keeps retrying, with its age by the scraped process's clock", async () => {
    expect(
      (await sending.admin('POST', '/tenants', { id: 'queued-co', displayName: 'Q' })).status,
    ).toBe(201);
    await invite(sending, 'queued-co', 'stuck@example.com', { sendEmail: true });
    // the sending process has tried (and holds the mail for its next attempt)
    for (let i = 0; i < 400 && sendgrid.requests.length === 0; i += 1)
      await new Promise((r) => setTimeout(r, 5));
    expect(sendgrid.requests.length).toBeGreaterThan(0);

    // the watching process's clock starts after the mail was queued, and moves five minutes
    const clock = new ManualClock(Date.now());
    watching = await startTestApp(env({ METRICS_TOKEN: token }), { clock });
    clock.advance(300);
    const samples = await scrape(`${watching.url}/metrics`, token);
    expect(valueOf(samples, 'guestpass_courier_queue_depth')).toBe(1);
    // five minutes by the watching clock, and the few real seconds the test took
    const age = valueOf(samples, 'guestpass_courier_oldest_message_age_seconds');
    expect(age).toBeGreaterThanOrEqual(300);
    expect(age).toBeLessThan(330);
  });
});
