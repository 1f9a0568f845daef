import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { callAdmin } from '../support/admin-api.js';
import type { AdminResponse } from '../support/admin-api.js';
import { startReadyGuestpass } from '../support/guestpass-process.js';
import type { GuestpassProcess } from '../support/guestpass-process.js';
import { eventually } from '../support/mail-settled.js';
import { startSendGridStandIn } from '../support/sendgrid-stand-in.js';
import type { RecordedSendGridRequest, SendGridStandIn } from '../support/sendgrid-stand-in.js';
import { testRedisUrl } from '../support/shared-state.js';

/**
 * The courier survives a process kill: real Guestpass processes (src/main.ts through tsx) on
 * the run's redis-server, mail through the SendGrid stand-in. A process is killed with
 * SIGKILL while SendGrid hangs on its mail; a process started after it (the same deployment
 * restarted) takes the mail over after MAIL_CLAIM_IDLE_SECONDS and delivers every one.
 */
const prefix = `test-${randomBytes(4).toString('hex')}:`;
const adminToken = randomBytes(24).toString('base64url');
const cookieSecret = randomBytes(32).toString('base64url');
let sendgrid: SendGridStandIn;
const running = new Set<GuestpassProcess>();

beforeAll(async () => {
  sendgrid = await startSendGridStandIn();
});
afterAll(async () => {
  for (const server of running) server.child.kill('SIGKILL');
  await sendgrid?.close();
});

interface Guestpass {
  readonly url: string;
  readonly server: GuestpassProcess;
  admin(method: string, path: string, body?: unknown): Promise<AdminResponse>;
}

/** starts `node --import tsx src/main.ts` and waits (bounded) until it is ready */
async function startDeployment(): Promise<Guestpass> {
  const { server, env } = await startReadyGuestpass((port) => ({
    NODE_ENV: 'development',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    REDIS_URL: testRedisUrl(),
    REDIS_KEY_PREFIX: prefix,
    ADMIN_TOKEN: adminToken,
    // shared by every process of a deployment: each opens the mail another one sealed
    COOKIE_SECRETS: cookieSecret,
    MAIL_TRANSPORT: 'sendgrid',
    SENDGRID_API_KEY: 'SG.test-key',
    SENDGRID_API_URL: sendgrid.url,
    MAIL_CLAIM_IDLE_SECONDS: '1',
    LOG_LEVEL: 'silent',
  }));
  const url = env.PUBLIC_URL ?? '';
  running.add(server);
  void server.exited.then(() => running.delete(server));
  return {
    url,
    server,
    admin: (method, path, body) => callAdmin(url, adminToken, method, path, body),
  };
}

async function kill(gp: Guestpass): Promise<void> {
  await gp.server.stop('SIGKILL');
}

const recipient = (r: RecordedSendGridRequest) =>
  (r.body as { personalizations?: { to?: { email: string }[] }[] }).personalizations?.[0]?.to?.[0]
    ?.email;

describe('the mail courier across a process kill', () => {
  it('a process killed mid-delivery loses no mail: the next process takes it over and delivers every one', async () => {
    // SendGrid hangs: the first process's courier is stuck sending when it is killed
    sendgrid.respondWith([], { status: 202, hang: true });
    const first = await startDeployment();
    expect(
      (await first.admin('POST', '/tenants', { id: 'kill', displayName: 'Kill' })).status,
    ).toBe(201);
    const addresses = ['one', 'two', 'three'].map((n) => `${n}@example.com`);
    for (const email of addresses) {
      const invited = await first.admin('POST', '/tenants/kill/invitations', {
        email,
        redirectUrl: 'https://apps.example.com/welcome',
      });
      expect(invited.status).toBe(201);
      expect(invited.body.emailSent).toBe(true);
    }
    await eventually(() => sendgrid.hanging === addresses.length, 'every mail to hang in SendGrid');
    await kill(first);

    // SendGrid is back; the deployment restarts
    sendgrid.respondWith([]);
    const killedAt = sendgrid.requests.length;
    const second = await startDeployment();
    await eventually(
      () => {
        const delivered = sendgrid.requests.slice(killedAt).map(recipient);
        return addresses.every((a) => delivered.includes(a));
      },
      'every mail to be delivered by the second process',
      30_000,
    );
    // at most one duplicate each: the hung attempt (which SendGrid may have taken) and the retry
    for (const email of addresses) {
      expect(sendgrid.requests.filter((r) => recipient(r) === email).length).toBeLessThanOrEqual(2);
    }
    const log = await eventually(async () => {
      const page = await second.admin('GET', '/tenants/kill/mail');
      return page.body.items.length === addresses.length && page;
    }, 'the mail log');
    expect(log.body.items.map((i: { status: string }) => i.status)).toEqual(
      addresses.map(() => 'sent'),
    );
    const redis = new Redis(testRedisUrl());
    try {
      const shards = await redis.keys(`${prefix}{mail-courier:*}:queue`);
      const lengths = await Promise.all(shards.map((key) => redis.xlen(key)));
      expect(lengths.reduce((sum, n) => sum + n, 0)).toBe(0);
    } finally {
      redis.disconnect();
    }
    await kill(second);
  }, 180_000);
});
