import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { readEnvironment } from '../../../src/start/read-env.js';

const dir = mkdtempSync(join(tmpdir(), 'guestpass-read-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** a working directory with this .env (undefined: none) */
function cwdWith(dotEnv: string | undefined): string {
  const cwd = mkdtempSync(join(dir, 'cwd-'));
  if (dotEnv !== undefined) writeFileSync(join(cwd, '.env'), dotEnv);
  return cwd;
}

describe('the environment a started server reads', () => {
  it.each<[string, string | undefined, Record<string, string>, Record<string, string>]>([
    ['no .env, NODE_ENV unset: production', undefined, {}, { NODE_ENV: 'production' }],
    ['NODE_ENV empty counts as unset', undefined, { NODE_ENV: '' }, { NODE_ENV: 'production' }],
    ['npm run dev', undefined, { NODE_ENV: 'development' }, { NODE_ENV: 'development' }],
    ['.env read', 'PORT=4000\n', {}, { PORT: '4000', NODE_ENV: 'production' }],
    ['.env may say development', 'NODE_ENV=development\n', {}, { NODE_ENV: 'development' }],
    ['the real environment wins', 'PORT=4000\n', { PORT: '5000' }, { PORT: '5000' }],
    [
      'quoted values as a shell reads them',
      'MAIL_FROM="Guestpass <no-reply@example.com>"\n# a comment\n',
      {},
      { MAIL_FROM: 'Guestpass <no-reply@example.com>' },
    ],
  ])('%s', (_, dotEnv, processEnv, expected) => {
    const { env, dotEnvPath } = readEnvironment(cwdWith(dotEnv), processEnv);
    expect(env).toMatchObject(expected);
    expect(dotEnvPath !== undefined).toBe(dotEnv !== undefined);
  });
});
