import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, jest } from '@jest/globals';
import {
  productionSettings,
  runGuestpass,
  startGuestpass,
  startReadyGuestpass,
} from '../support/guestpass-process.js';
import { freePort } from '../support/free-port.js';

/** Runs the real entry point (src/main.ts through tsx) and collects what it says. */
const start = (
  env: Record<string, string>,
  // a bound, not a wait: a refused start exits at once; a busy machine needs a while to load tsx
  boundMs = 60_000,
) => runGuestpass({ env, boundMs });

// each test starts the real entry point; loading it through tsx is slow on a busy machine
jest.setTimeout(120_000);

const production = productionSettings('prod');
const validEnv = () => production.env({ NODE_ENV: 'production' });

describe('production start-up', () => {
  it('starts with every required setting and answers /readyz', async () => {
    // bounded: 60 s on a busy machine; on another port if the first was taken meanwhile
    const { server } = await startReadyGuestpass(validEnv);
    await server.stop();
  });

  it('a PORT taken before the process bound it: started again on another port', async () => {
    const taken = createServer();
    // every interface, as the server listens
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const busy = (taken.address() as AddressInfo).port;
    const chosen: number[] = [];
    const choosePort = async () => {
      const port = chosen.length === 0 ? busy : await freePort();
      chosen.push(port);
      return port;
    };
    try {
      const { server, env } = await startReadyGuestpass(validEnv, { choosePort });
      await server.stop();
      expect(chosen).toHaveLength(2);
      expect(env.PORT).toBe(String(chosen[1]));
    } finally {
      taken.close();
    }
  });

  it('with NODE_ENV unset and every required setting it runs as production', async () => {
    const { NODE_ENV: _unset, ...env } = await validEnv();
    const server = startGuestpass({ env });
    try {
      const line = await server.waitFor(/\{[^\n]*"event":"server.listening"[^\n]*\}/, 60_000);
      expect(JSON.parse(line)).toMatchObject({ mode: 'production', store: 'redis' });
      // no development banner, no demo
      expect(server.stdout()).not.toContain('GUESTPASS_TOKEN');
      const landing = await fetch(`http://127.0.0.1:${env.PORT}/`).then((r) => r.json());
      expect(landing).toMatchObject({ mode: 'production', links: [{ rel: 'health' }] });
    } finally {
      await server.stop();
    }
  }, 90_000);

  it.each([
    ['REDIS_URL', { REDIS_URL: 'redis://' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
  ])(
    'refuses to start (exit code 78) when %s is %j, naming it',
    async (variable, change) => {
      const result = await start({ ...(await validEnv()), ...change }, 60_000);
      expect(result.code).toBe(78);
      expect(result.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^guestpass: ${variable}: `)),
      ]);
    },
    90_000,
  );

  // every variable's rules are in test/unit/config/load-config.test.ts; here the process
  // itself: a few kinds of problem (a bad value, a production rule, an unreadable key file)
  // each stop the real entry point with exit code 78 and one stderr line naming the variable
  it.each([
    ['REDIS_URL', { REDIS_URL: 'http://nope' }],
    ['ADMIN_TOKEN', { ADMIN_TOKEN: 'short' }],
    ['MAIL_TRANSPORT', { MAIL_TRANSPORT: 'outbox' }],
    ['JWKS_PATH', { JWKS_PATH: '/nonexistent/jwks.json' }],
  ])(
    'refuses to start (exit code 78) when %s is invalid (%j), naming it',
    async (variable, change) => {
      const result = await start({ ...(await validEnv()), ...change });
      expect(result.code).toBe(78);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^guestpass: ${variable}: `))]);
    },
  );

  it('reports every problem at once, one line each', async () => {
    const result = await start({ NODE_ENV: 'production', PATH: process.env.PATH ?? '' });
    expect(result.code).toBe(78);
    const lines = result.stderr.trim().split('\n');
    expect(lines.every((line) => line.startsWith('guestpass: '))).toBe(true);
    for (const variable of [
      'PUBLIC_URL',
      'REDIS_URL',
      'MAIL_TRANSPORT',
      'ADMIN_TOKEN',
      'COOKIE_SECRETS',
      'JWKS_PATH',
    ]) {
      expect(lines.filter((line) => line.includes(variable)).length).toBeGreaterThanOrEqual(1);
    }
  });
});
