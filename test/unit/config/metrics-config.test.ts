import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../../config/load-config.js';
import { generateSigningJwks } from '../../../config/signing-keys.js';
import { metricsAccess } from '../../../src/server/metrics-endpoint.js';

type Env = Record<string, string>;

let jwksPath: string;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'guestpass-metrics-config-'));
  jwksPath = join(dir, 'jwks.json');
  writeFileSync(jwksPath, JSON.stringify(await generateSigningJwks()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const production = (): Env => ({
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://id.example.com',
  REDIS_URL: 'redis://127.0.0.1:6379',
  MAIL_TRANSPORT: 'smtp',
  SMTP_URL: 'smtp://user:pass@mail.example.com:587',
  ADMIN_TOKEN: 'a'.repeat(32),
  COOKIE_SECRETS: 'b'.repeat(32),
});

const load = (env: Env) => loadConfig({ JWKS_PATH: jwksPath, ...env });

async function problems(env: Env): Promise<string[]> {
  try {
    await load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('METRICS_TOKEN and METRICS_PORT', () => {
  it.each([
    [{}, []],
    [{ METRICS_TOKEN: 'short-dev-token' }, []],
    [{ METRICS_PORT: '9464' }, []],
    [{ METRICS_PORT: '0' }, ['METRICS_PORT: must be at least 1']],
    [{ METRICS_PORT: '70000' }, ['METRICS_PORT: must be at most 65535']],
    [{ METRICS_PORT: 'nine' }, ['METRICS_PORT: must be a whole number']],
    [{ PORT: '9464', METRICS_PORT: '9464' }, ['METRICS_PORT: must differ from PORT (9464)']],
    [
      { METRICS_TOKEN: 'two words' },
      ['METRICS_TOKEN: must not contain spaces (it is sent as a bearer token)'],
    ],
  ])('in development %j → %j', async (env, expected) => {
    expect(await problems(env as Env)).toEqual(expected);
  });

  it.each([
    [{ METRICS_TOKEN: 'm'.repeat(32) }, []],
    [
      { METRICS_TOKEN: 'm'.repeat(31) },
      ['METRICS_TOKEN: must be at least 32 characters in production'],
    ],
    [{ METRICS_PORT: '9464' }, []],
  ])('in production %j → %j', async (env, expected) => {
    expect(await problems({ ...production(), ...(env as Env) })).toEqual(expected);
  });

  it.each([
    // production, METRICS_TOKEN, METRICS_PORT → who may read /metrics on the main port
    [false, undefined, undefined, 'open'],
    [false, 't'.repeat(32), undefined, 'token'],
    [false, undefined, '9464', 'closed'],
    [false, 't'.repeat(32), '9464', 'token'],
    [true, undefined, undefined, 'closed'],
    [true, 't'.repeat(32), undefined, 'token'],
    [true, undefined, '9464', 'closed'],
    [true, 't'.repeat(32), '9464', 'token'],
  ])(
    'production %s, token %s, port %s: /metrics on the main port is %s',
    async (isProduction, token, port, access) => {
      const config = await load({
        ...(isProduction ? production() : {}),
        ...(token === undefined ? {} : { METRICS_TOKEN: token }),
        ...(port === undefined ? {} : { METRICS_PORT: port }),
      });
      expect(config.metricsToken).toBe(token);
      expect(config.metricsPort).toBe(port === undefined ? undefined : Number(port));
      expect(metricsAccess(config)).toBe(access);
    },
  );
});
