import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../config/load-config.js';
import { runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'guestpass-tools-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const nodeDir = dirname(process.execPath);
const pretend20 =
  'data:text/javascript,Object.defineProperty(process,"versions",{value:{...process.versions,node:"20.11.1"}})';

/** `node test/support/preflight.js`, the first step of `npm test`, with only `env` */
function preflight(env: Record<string, string>, nodeArgs: string[] = []) {
  const result = spawnSync(process.execPath, [...nodeArgs, 'test/support/preflight.js'], {
    env,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm test preflight: what the suite needs from the machine', () => {
  it('with everything there it says nothing and lets the suite run', () => {
    const result = preflight({ PATH: process.env.PATH ?? '' });
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('an old Node.js: one line saying how to get Node.js 22+ (the .ci/run way too)', () => {
    const result = preflight({ PATH: process.env.PATH ?? '' }, ['--import', pretend20]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^preflight: Guestpass needs Node\.js 22 or newer; this is v20\.11\.1\. .*\.ci\/run.*node@24/,
      ),
    ]);
  });

  it('missing programs it may not install: one line naming them and the command to run', () => {
    const result = preflight({
      PATH: nodeDir,
      CHROMIUM_PATH: join(dir, 'no-chromium'),
      GUESTPASS_PREFLIGHT_INSTALL: 'no',
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `preflight: redis-server, redis-cli, chromium (${join(dir, 'no-chromium')}) not found: install them (Debian/Ubuntu: sudo apt-get install -y redis-server redis-tools chromium; macOS: brew install redis, and CHROMIUM_PATH=<a Chromium or Chrome>) and run npm test again.`,
    ]);
  });

  it('missing programs, as root where apt-get exists: installs them as .ci/run does, then goes on', () => {
    // a stand-in apt-get that records its arguments and "installs" the three programs
    const bin = mkdtempSync(join(dir, 'bin-'));
    const chromium = join(bin, 'chromium');
    const log = join(bin, 'apt-get.log');
    const aptGet = join(bin, 'apt-get');
    writeFileSync(
      aptGet,
      [
        '#!/bin/sh',
        // its own tools (the preflight's PATH has no system directories)
        'PATH=/usr/bin:/bin:$PATH',
        `echo "$DEBIAN_FRONTEND $*" >> ${log}`,
        '[ "$1" = "--version" ] && exit 0',
        '[ "$1" = "install" ] || exit 0',
        `for p in redis-server redis-cli; do printf '#!/bin/sh\\nexit 0\\n' > ${bin}/$p; chmod +x ${bin}/$p; done`,
        `touch ${chromium}`,
        '',
      ].join('\n'),
    );
    chmodSync(aptGet, 0o755);
    const result = preflight({ PATH: `${bin}:${nodeDir}`, CHROMIUM_PATH: chromium });
    if (process.getuid?.() !== 0) {
      // not root: nothing is installed, the line says what to run
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^preflight: redis-server, redis-cli, chromium .* not found/);
      expect(existsSync(log)).toBe(false);
      return;
    }
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([
      'preflight: installing redis-server redis-tools chromium with apt-get (as .ci/run does)',
    ]);
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual([
      ' --version',
      'noninteractive update -qq',
      'noninteractive install -y -qq --no-install-recommends redis-server redis-tools chromium',
    ]);
  });
});

describe('.env.example', () => {
  const example = readFileSync('.env.example', 'utf8');

  it('a POSIX shell sources it to the values Guestpass reads from a .env', () => {
    const names = Object.keys(parseEnv(example));
    const script = `set -a; . ./.env.example; set +a; node -e 'process.stdout.write(JSON.stringify(Object.fromEntries(process.argv.slice(1).map((n) => [n, process.env[n] ?? ""]))))' ${names.join(' ')}`;
    const fromShell = JSON.parse(
      execFileSync('sh', ['-c', script], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
      }),
    ) as Record<string, string>;
    expect(fromShell).toEqual(parseEnv(example));
    expect(fromShell.MAIL_FROM).toBe('Guestpass <no-reply@localhost>');
  });

  it('as a .env it loads (development)', async () => {
    const config = await loadConfig({ ...parseEnv(example), LOG_LEVEL: 'silent' });
    expect(config.production).toBe(false);
    expect(config.mail.from).toBe('Guestpass <no-reply@localhost>');
  });
});

describe('private files', () => {
  it('keys generate to stdout prints only the key set there, and on stderr that it must stay private', async () => {
    const result = await runCli(['keys', 'generate'], { source: true });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      keys: [expect.objectContaining({ d: expect.any(String) })],
    });
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^guestpass: this is a private signing key set: keep the file it goes to private/,
      ),
    ]);
  });

  it.each([
    ['jwks.json'],
    ['.guestpass-dev/store.json'],
    ['.guestpass-dev/secrets.json'],
    ['.env'],
  ])('git ignores %s', (path) => {
    const result = spawnSync('git', ['check-ignore', '--no-index', '-q', path]);
    expect(result.status).toBe(0);
  });
});
