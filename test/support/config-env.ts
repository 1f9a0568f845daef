/**
 * The environment fixtures of the configuration tests (test/unit/config/, cluster-config): a
 * signing key file, a valid production environment, and loadConfig from an environment or the
 * problems it refuses that environment with.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import type { Config } from '../../config/config.js';
import { ConfigError, loadConfig } from '../../config/load-config.js';
import { generateSigningJwks } from '../../config/signing-keys.js';

export type Env = Record<string, string>;

export interface SigningKeyFile {
  /** the test file's temporary folder, for more files of its own */
  readonly dir: string;
  /** the signing key set in it, as JWKS_PATH takes it */
  readonly jwksPath: string;
}

/**
 * A signing key file for the test file: its temporary folder (whose name starts with
 * `prefix`) is made at once, the key is written in beforeAll — loading it is much quicker
 * than generating an RSA key per test — and the folder is removed after the tests.
 */
export function signingKeyFile(prefix: string): SigningKeyFile {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const jwksPath = join(dir, 'jwks.json');
  beforeAll(async () => writeFileSync(jwksPath, JSON.stringify(await generateSigningJwks())));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, jwksPath };
}

/** Everything production requires, valid (JWKS_PATH aside: `configLoader` adds it); a test changes one thing. */
export const productionEnv = (): Env => ({
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://id.example.com',
  REDIS_URL: 'redis://127.0.0.1:6379',
  MAIL_TRANSPORT: 'smtp',
  SMTP_URL: 'smtp://user:pass@mail.example.com:587',
  ADMIN_TOKEN: 'a'.repeat(32),
  COOKIE_SECRETS: 'b'.repeat(32),
});

export interface ConfigLoader {
  readonly keyFile: SigningKeyFile;
  /** loadConfig with the key file (so nothing is generated but what the test is about), then `base`, then `env` */
  load(env: Env): Promise<Config>;
  /** The problems loadConfig refuses `env` with (none: it loaded). */
  problems(env: Env): Promise<string[]>;
}

/** loadConfig for a test file: its own signing key file (see signingKeyFile) and `base` under every env. */
export function configLoader(prefix: string, base: Env = {}): ConfigLoader {
  const keyFile = signingKeyFile(prefix);
  const load = (env: Env) => loadConfig({ JWKS_PATH: keyFile.jwksPath, ...base, ...env });
  return {
    keyFile,
    load,
    async problems(env) {
      try {
        await load(env);
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
      return [];
    },
  };
}
