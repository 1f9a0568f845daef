import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { generateSigningJwks } from '../../config/signing-keys.js';
import { freePort } from '../support/free-port.js';
import { scrape } from '../support/prometheus-text.js';
import { testRedisUrl } from '../support/shared-state.js';

const dir = mkdtempSync(join(tmpdir(), 'guestpass-metrics-entry-'));
const jwksPath = join(dir, 'jwks.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function productionEnv(): Promise<Record<string, string>> {
  writeFileSync(jwksPath, JSON.stringify(await generateSigningJwks()));
  return {
    NODE_ENV: 'production',
    PORT: String(await freePort()),
    PUBLIC_URL: 'https://id.example.com',
    REDIS_URL: testRedisUrl(),
    REDIS_KEY_PREFIX: 'metrics-entry:',
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: 'smtp://user:pass@127.0.0.1:2525',
    ADMIN_TOKEN: 'a'.repeat(40),
    COOKIE_SECRETS: 'b'.repeat(40),
    JWKS_PATH: jwksPath,
    LOG_LEVEL: 'silent',
  };
}

/** Runs the real entry point (src/main.ts through tsx) until `check` is done with it. */
async function withServer(env: Record<string, string>, check: () => Promise<void>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    // poll until it answers (bounded: 45 s: tsx compiles the sources at start), no fixed wait
    const deadline = Date.now() + 45_000;
    let ready = 0;
    while (ready !== 200 && child.exitCode === null && Date.now() < deadline) {
      ready = await fetch(`http://127.0.0.1:${env.PORT}/readyz`).then(
        (r) => r.status,
        () => 0,
      );
      if (ready !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(ready).toBe(200);
    await check();
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

describe('/metrics of the real entry point in production', () => {
  it('answers 404 on PORT when neither METRICS_TOKEN nor METRICS_PORT is set', async () => {
    const env = await productionEnv();
    await withServer(env, async () => {
      expect((await fetch(`http://127.0.0.1:${env.PORT}/metrics`)).status).toBe(404);
    });
  }, 90_000);

  it('serves METRICS_PORT on loopback without a token, and 404 on PORT', async () => {
    const env: Record<string, string> = {
      ...(await productionEnv()),
      METRICS_PORT: String(await freePort()),
    };
    await withServer(env, async () => {
      const samples = await scrape(`http://127.0.0.1:${env.METRICS_PORT}/metrics`);
      // the readiness polls above were timed, by their route family
      expect(
        samples.some(
          (s) =>
            s.name === 'guestpass_http_request_duration_seconds_count' &&
            s.labels.family === 'health' &&
            s.value >= 1,
        ),
      ).toBe(true);
      expect((await fetch(`http://127.0.0.1:${env.PORT}/metrics`)).status).toBe(404);
    });
  }, 90_000);
});
