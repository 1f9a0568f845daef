import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startRedisServer } from '../support/redis-server.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

/** This test stops Redis, so it owns a redis-server of its own. */
let redis: Awaited<ReturnType<typeof startRedisServer>>;
let t: TestApp;

beforeAll(async () => {
  redis = await startRedisServer();
  t = await startTestApp({ REDIS_URL: redis.url });
  await t.admin('POST', '/tenants', { id: 'fabrikam', displayName: 'Fabrikam' });
});
afterAll(async () => {
  await t.close();
  await redis.stop();
});

/**
 * Polls until the path answers `status`, for at most `withinMs`: the app notices a stopped or
 * restarted redis-server by itself (an external event no clock can move), so the test waits
 * for it, returning as soon as it happened, never for a fixed time.
 */
async function waitForStatus(path: string, status: number, withinMs = 10_000) {
  const deadline = performance.now() + withinMs;
  let last = 0;
  let pause = 10;
  for (;;) {
    last = (await fetch(`${t.url}${path}`)).status;
    if (last === status || performance.now() >= deadline) return last;
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 2, 200);
  }
}

describe('Fail closed: when Redis is unreachable', () => {
  it('/readyz goes 503 while Redis is down and 200 again once it is back, without a restart', async () => {
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    await redis.stop();
    expect(await waitForStatus('/readyz', 503)).toBe(503);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);

    // pages and APIs say the service is unavailable (503), never a stack trace
    const discovery = await fetch(`${t.url}/fabrikam/.well-known/openid-configuration`);
    expect(discovery.status).toBe(503);
    expect(await discovery.json()).toMatchObject({ error: 'temporarily_unavailable' });
    const page = await fetch(`${t.url}/fabrikam/auth?client_id=x`, {
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('Service unavailable');
    const admin = await t.admin('GET', '/tenants/fabrikam');
    expect(admin.status).toBe(503);

    await redis.start();
    expect(await waitForStatus('/readyz', 200)).toBe(200);
    // the test's Redis keeps nothing on disk: write again, then read through the provider
    expect(
      (await t.admin('POST', '/tenants', { id: 'fabrikam', displayName: 'Fabrikam' })).status,
    ).toBe(201);
    expect((await fetch(`${t.url}/fabrikam/.well-known/openid-configuration`)).status).toBe(200);
  });
});
