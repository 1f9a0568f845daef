import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { generateSigningJwks } from '../../config/signing-keys.js';
import { freePort } from '../support/free-port.js';
import { testRedisUrl } from '../support/shared-state.js';

/** Runs the real entry point (src/main.ts through tsx) and collects what it says. */
function start(
  env: Record<string, string>,
  // a bound, not a wait: a refused start exits at once; a busy machine needs a while to load tsx
  waitMs = 60_000,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), waitMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

// each test starts the real entry point; loading it through tsx is slow on a busy machine
jest.setTimeout(120_000);

const dir = mkdtempSync(join(tmpdir(), 'guestpass-prod-'));
const jwksPath = join(dir, 'jwks.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function validEnv(): Promise<Record<string, string>> {
  writeFileSync(jwksPath, JSON.stringify(await generateSigningJwks()));
  return {
    NODE_ENV: 'production',
    PORT: String(await freePort()),
    PUBLIC_URL: 'https://id.example.com',
    REDIS_URL: testRedisUrl(),
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: 'smtp://user:pass@127.0.0.1:2525',
    ADMIN_TOKEN: 'a'.repeat(40),
    COOKIE_SECRETS: 'b'.repeat(40),
    JWKS_PATH: jwksPath,
    LOG_LEVEL: 'info',
  };
}

describe('production start-up', () => {
  it('starts with every required setting and answers /readyz', async () => {
    const env = await validEnv();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      // poll until it answers (bounded: 60 s on a busy machine), no fixed wait
      const deadline = Date.now() + 60_000;
      let ready = 0;
      while (ready !== 200 && child.exitCode === null && Date.now() < deadline) {
        ready = await fetch(`http://127.0.0.1:${env.PORT}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        if (ready !== 200) await new Promise((r) => setTimeout(r, 50));
      }
      expect(ready).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('with NODE_ENV unset and every required setting it runs as production', async () => {
    const { NODE_ENV: _unset, ...env } = await validEnv();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const deadline = Date.now() + 60_000;
      while (
        !stdout.includes('"server.listening"') &&
        child.exitCode === null &&
        Date.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 50));
      const line = stdout.split('\n').find((l) => l.includes('"server.listening"')) ?? '{}';
      expect(JSON.parse(line)).toMatchObject({ mode: 'production', store: 'redis' });
      // no development banner, no demo
      expect(stdout).not.toContain('GUESTPASS_TOKEN');
      const landing = await fetch(`http://127.0.0.1:${env.PORT}/`).then((r) => r.json());
      expect(landing).toMatchObject({ mode: 'production', links: [{ rel: 'health' }] });
    } finally {
      child.kill('SIGTERM');
      await exited;
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
