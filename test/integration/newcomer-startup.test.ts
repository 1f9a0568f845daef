import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { freePort } from '../support/free-port.js';
import { productionSettings, runGuestpass, startGuestpass } from '../support/guestpass-process.js';
import { startRedisServer } from '../support/redis-server.js';

// every test starts the real entry point (src/main.ts through tsx) as its own process; on a
// busy machine that start takes a while
const slow = 180_000;

const production = productionSettings('newcomer');
const dir = production.dir;
/** everything production needs, valid; NODE_ENV left out (unset is production) */
const productionEnv = () => production.env({ REDIS_KEY_PREFIX: `newcomer-${process.pid}:` });

/** the lines a refused start wrote on stderr, and its exit code */
async function refused(env: Record<string, string>, nodeArgs: string[] = []) {
  const { code, stderr, stdout } = await runGuestpass({ env, nodeArgs, cwd: dir });
  return { code, lines: stderr.trim().split('\n'), stdout };
}

const readyz = (port: string) =>
  fetch(`http://127.0.0.1:${port}/readyz`).then(
    (r) => r.status,
    () => 0,
  );

describe('a started server is production unless NODE_ENV=development', () => {
  it(
    'with NODE_ENV unset it refuses to start without the production settings, naming each at once',
    async () => {
      const { code, lines, stdout } = await refused({});
      expect(code).toBe(78);
      expect(lines.every((line) => line.startsWith('guestpass: '))).toBe(true);
      expect(lines.map((line) => line.split(':')[1]?.trim())).toEqual([
        'PUBLIC_URL',
        'REDIS_URL',
        'MAIL_TRANSPORT',
        'ADMIN_TOKEN',
        'COOKIE_SECRETS',
        'JWKS_PATH',
      ]);
      // no embedded store, outbox or generated token was started
      expect(stdout).toBe('');
    },
    slow,
  );

  it(
    'refuses a NODE_ENV other than development or production, naming it',
    async () => {
      const { code, lines } = await refused({ ...(await productionEnv()), NODE_ENV: 'staging' });
      expect(code).toBe(78);
      expect(lines).toEqual([
        'guestpass: NODE_ENV: must be development or production (unset: production)',
      ]);
    },
    slow,
  );

  it(
    'reports bad values and missing settings in one round, one line each naming its variable',
    async () => {
      const { code, lines } = await refused({ PORT: 'x', REDIS_URL: 'redis://' });
      expect(code).toBe(78);
      expect(lines).toEqual([
        'guestpass: PORT: must be a whole number',
        'guestpass: REDIS_URL: must name a host, like redis://127.0.0.1:6379',
        expect.stringMatching(/^guestpass: PUBLIC_URL: /),
        expect.stringMatching(/^guestpass: MAIL_TRANSPORT: /),
        expect.stringMatching(/^guestpass: ADMIN_TOKEN: /),
        expect.stringMatching(/^guestpass: COOKIE_SECRETS: /),
        expect.stringMatching(/^guestpass: JWKS_PATH: /),
      ]);
    },
    slow,
  );
});

describe('start-up problems a newcomer meets, each in one line', () => {
  it(
    'an old Node.js: one line saying which is needed and how to get it, exit code 1',
    async () => {
      // this Node.js, telling the entry point it is version 20
      const pretend20 =
        'data:text/javascript,Object.defineProperty(process,"versions",{value:{...process.versions,node:"20.11.1"}})';
      const { code, lines } = await refused(await productionEnv(), ['--import', pretend20]);
      expect(code).toBe(1);
      expect(lines).toEqual([
        expect.stringMatching(
          /^guestpass: Guestpass needs Node\.js 22 or newer; this is v20\.11\.1\. .*nvm install.*node@24/,
        ),
      ]);
    },
    slow,
  );

  it(
    'a port in use: one line naming PORT and the port, exit code 1',
    async () => {
      const env = await productionEnv();
      const holder: Server = createServer();
      await new Promise<void>((resolve) => holder.listen(Number(env.PORT), resolve));
      try {
        const { code, lines } = await refused(env);
        expect(code).toBe(1);
        expect(lines).toEqual([
          `guestpass: PORT: ${env.PORT} is already in use (another Guestpass, or another program, listens there); stop it or set PORT to a free port`,
        ]);
      } finally {
        await new Promise((resolve) => holder.close(resolve));
      }
    },
    slow,
  );

  it(
    'Redis unreachable: it logs that it waits for Redis, answers /readyz 503, and logs when Redis comes',
    async () => {
      const redis = await startRedisServer();
      await redis.stop();
      const env: Record<string, string> = { ...(await productionEnv()), REDIS_URL: redis.url };
      const port = env.PORT ?? '';
      const server = startGuestpass({ env, cwd: dir });
      try {
        const waiting = await server.waitFor(/\{[^\n]*"event":"store.waiting"[^\n]*\}/);
        expect(JSON.parse(waiting)).toMatchObject({
          level: 'warn',
          message: expect.stringContaining(
            `waiting for Redis at 127.0.0.1:${redis.port} (REDIS_URL)`,
          ),
        });
        // the URL's credentials never reach the log
        expect(waiting).not.toContain('redis://');
        await server.waitFor(/"event":"server.listening"/);
        expect(await readyz(port)).toBe(503);

        await redis.start();
        const connected = await server.waitFor(/\{[^\n]*"event":"store.connected"[^\n]*\}/);
        expect(JSON.parse(connected).message).toBe(
          `connected to Redis at 127.0.0.1:${redis.port} (REDIS_URL)`,
        );
        expect(await readyz(port)).toBe(200);
      } finally {
        await server.stop();
        await redis.stop();
      }
    },
    slow,
  );

  it(
    'reads a .env in the working directory, and a variable of the real environment wins over it',
    async () => {
      const cwd = mkdtempSync(join(dir, 'dotenv-'));
      const env = await productionEnv();
      const { PORT, PUBLIC_URL, ...inFile } = env;
      writeFileSync(
        join(cwd, '.env'),
        [
          ...Object.entries(inFile).map(([name, value]) => `${name}=${value}`),
          // overridden below by the real environment
          'PUBLIC_URL=not a url',
          'MAIL_FROM="Guestpass <no-reply@example.com>"',
          '',
        ].join('\n'),
      );
      const server = startGuestpass({
        env: { PORT: PORT ?? '', PUBLIC_URL: PUBLIC_URL ?? '' },
        cwd,
      });
      try {
        const line = await server.waitFor(/\{[^\n]*"event":"server.listening"[^\n]*\}/);
        expect(JSON.parse(line)).toMatchObject({
          url: 'https://id.example.com',
          store: 'redis',
          mode: 'production',
        });
        expect(await readyz(PORT ?? '')).toBe(200);
      } finally {
        expect(await server.stop()).toBe(0);
      }
    },
    slow,
  );
});

describe('npm run dev keeps its state across restarts', () => {
  it(
    'the banner prints the CLI export line; tenants and the admin token survive a restart',
    async () => {
      const cwd = mkdtempSync(join(dir, 'dev-'));
      const env = { NODE_ENV: 'development', PORT: String(await freePort()), LOG_LEVEL: 'warn' };
      const exportLine = /export GUESTPASS_URL=(\S+) GUESTPASS_TOKEN=(\S+)/;

      const first = startGuestpass({ env, cwd });
      let url: string;
      let token: string;
      try {
        const line = await first.waitFor(exportLine);
        [, url = '', token = ''] = exportLine.exec(line) ?? [];
        expect(url).toBe(`http://localhost:${env.PORT}`);
        expect(first.stdout()).toContain(`${url}/demo`);
        expect(first.stdout()).toContain(`${url}/dev/outbox`);
        expect(first.stdout()).toContain(`${url}/admin`);
        const created = await fetch(`${url}/admin/v1/tenants`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id: 'fabrikam', displayName: 'Fabrikam' }),
        });
        expect(created.status).toBe(201);
      } finally {
        expect(await first.stop()).toBe(0);
      }
      expect(existsSync(join(cwd, '.guestpass-dev', 'store.json'))).toBe(true);

      const second = startGuestpass({ env, cwd });
      try {
        const line = await second.waitFor(exportLine);
        expect(exportLine.exec(line)?.[2]).toBe(token);
        const tenant = await fetch(`${url}/admin/v1/tenants/fabrikam`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(tenant.status).toBe(200);
        await expect(tenant.json()).resolves.toMatchObject({
          id: 'fabrikam',
          displayName: 'Fabrikam',
        });
      } finally {
        expect(await second.stop()).toBe(0);
      }
    },
    slow,
  );
});
