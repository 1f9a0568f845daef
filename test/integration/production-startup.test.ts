import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { generateSigningJwks } from '../../config/signing-keys.js';
import { freePort } from '../support/free-port.js';
import { testRedisUrl } from '../support/shared-state.js';

/** Runs the real entry point (src/main.ts through tsx) and collects what it says. */
function start(
  env: Record<string, string>,
  waitMs = 8000,
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

const dir = mkdtempSync(join(tmpdir(), 'guestpass-prod-'));
const jwksPath = join(dir, 'jwks.json');

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
      stdio: 'pipe',
    });
    try {
      let ready = 0;
      for (let i = 0; i < 80 && ready !== 200; i += 1) {
        await new Promise((r) => setTimeout(r, 100));
        ready = await fetch(`http://127.0.0.1:${env.PORT}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
      }
      expect(ready).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it.each([
    ['REDIS_URL', { REDIS_URL: '' }],
    ['REDIS_URL', { REDIS_URL: 'http://nope' }],
    ['ADMIN_TOKEN', { ADMIN_TOKEN: '' }],
    ['ADMIN_TOKEN', { ADMIN_TOKEN: 'short' }],
    ['COOKIE_SECRETS', { COOKIE_SECRETS: '' }],
    ['COOKIE_SECRETS', { COOKIE_SECRETS: 'short,also-short' }],
    ['JWKS_PATH', { JWKS_PATH: '' }],
    ['JWKS_PATH', { JWKS_PATH: '/nonexistent/jwks.json' }],
    ['MAIL_TRANSPORT', { MAIL_TRANSPORT: 'outbox' }],
    ['MAIL_TRANSPORT', { MAIL_TRANSPORT: '' }],
    ['MAIL_TRANSPORT', { MAIL_TRANSPORT: 'pigeon' }],
    ['SMTP_URL', { SMTP_URL: '' }],
    ['SENDGRID_API_KEY', { MAIL_TRANSPORT: 'sendgrid' }],
    ['PUBLIC_URL', { PUBLIC_URL: '' }],
    ['OTP_LENGTH', { OTP_LENGTH: '4' }],
    ['OTP_TTL_SECONDS', { OTP_TTL_SECONDS: 'soon' }],
    ['PORT', { PORT: '99999' }],
  ])('refuses to start when %s is missing or invalid, naming it', async (variable, change) => {
    const result = await start({ ...(await validEnv()), ...change });
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    const lines = result.stderr.trim().split('\n');
    expect(lines.some((line) => line.includes(variable))).toBe(true);
    expect(lines.every((line) => line.startsWith('guestpass: '))).toBe(true);
  });

  it('reports every problem at once, one line each', async () => {
    const result = await start({ NODE_ENV: 'production', PATH: process.env.PATH ?? '' });
    const lines = result.stderr.trim().split('\n');
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
