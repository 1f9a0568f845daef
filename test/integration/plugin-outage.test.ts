import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startPluginHost } from '../support/plugin-host.js';
import type { PluginHost } from '../support/plugin-host.js';
import { startRedisServer } from '../support/redis-server.js';
import { redirectUri } from '../support/guest-journey.js';

/*
 * A host's own koa app may have no error handler at all: what fails in the journey's work on
 * its routes (the store down included) is answered by Guestpass's one renderer, never by koa's
 * plain-text default. A Redis of this file's own, to stop and start.
 */
let redis: Awaited<ReturnType<typeof startRedisServer>>;
let host: PluginHost;

beforeAll(async () => {
  redis = await startRedisServer();
  host = await startPluginHost({ redisUrl: redis.url, mail: { transport: 'outbox' } });
});
afterAll(async () => {
  await host?.close();
  await redis?.stop();
});

const authorizationUrl = () =>
  `${host.url}/auth?${new URLSearchParams({
    client_id: host.client.clientId,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: redirectUri,
    code_challenge: 'a'.repeat(43),
    code_challenge_method: 'S256',
  })}`;

describe('a plugin host while its Redis is down', () => {
  it('the authorization endpoint and the journey answer the error page (503, Retry-After) to browsers and JSON to programs, and work again once Redis is back', async () => {
    await redis.stop();
    try {
      const page = await fetch(authorizationUrl(), {
        headers: { accept: 'text/html' },
        redirect: 'manual',
      });
      expect(page.status).toBe(503);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('retry-after')).toBe('5');
      const html = await page.text();
      expect(html).toContain('<h1');
      expect(html).toContain('temporarily_unavailable');

      const program = await fetch(`${host.url}/interaction/nope`, {
        headers: { accept: 'application/json' },
      });
      expect(program.status).toBe(503);
      expect(await program.json()).toEqual({
        error: 'temporarily_unavailable',
        error_description: expect.any(String),
      });
    } finally {
      await redis.start();
    }
    // back: the authorization request goes on to the journey's first page
    let status = 0;
    for (let i = 0; i < 50 && status !== 303; i += 1) {
      status = (await fetch(authorizationUrl(), { redirect: 'manual' })).status;
      if (status !== 303) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(303);
  });
});
