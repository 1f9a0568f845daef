// The first step of `npm test` (package.json): what the suite needs from the machine, checked
// before anything runs, so a newcomer gets one line instead of a wall of failed tests:
// - Node.js 22+ (the line says how to get it; .ci/run installs Node 24 from npm when missing);
// - redis-server (the tests start their own), redis-cli (it makes the tests' Redis Cluster) and
//   Chromium (the browser tests; CHROMIUM_PATH, else /usr/bin/chromium as test/support/chromium.ts).
// Missing programs are installed the way .ci/run does — apt-get, only as root and only where
// apt-get exists (GUESTPASS_PREFLIGHT_INSTALL=no: never) — otherwise one line says what to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { nodeVersionProblem } from '../../src/util/node-version.js';

const oldNode = nodeVersionProblem(process.versions.node);
if (oldNode) {
  console.error(`preflight: ${oldNode}`);
  process.exit(1);
}

const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** @param {string} command */
function runs(command) {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** what is missing: the program, and the Debian package that has it */
function missing() {
  return [
    { program: 'redis-server', pkg: 'redis-server', found: runs('redis-server') },
    { program: 'redis-cli', pkg: 'redis-tools', found: runs('redis-cli') },
    { program: `chromium (${chromiumPath})`, pkg: 'chromium', found: existsSync(chromiumPath) },
  ].filter((tool) => !tool.found);
}

/** @param {string[]} args */
function aptGet(args) {
  const result = spawnSync('apt-get', args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

let absent = missing();
if (absent.length === 0) process.exit(0);

const packages = [...new Set(absent.map((tool) => tool.pkg))];
const canInstall =
  process.env.GUESTPASS_PREFLIGHT_INSTALL !== 'no' && process.getuid?.() === 0 && runs('apt-get');
if (canInstall) {
  console.error(`preflight: installing ${packages.join(' ')} with apt-get (as .ci/run does)`);
  if (
    aptGet(['update', '-qq']) &&
    aptGet(['install', '-y', '-qq', '--no-install-recommends', ...packages])
  )
    absent = missing();
}
if (absent.length) {
  console.error(
    `preflight: ${absent.map((tool) => tool.program).join(', ')} not found: install ${absent.length === 1 ? 'it' : 'them'} (Debian/Ubuntu: sudo apt-get install -y ${packages.join(' ')}; macOS: brew install redis, and CHROMIUM_PATH=<a Chromium or Chrome>) and run npm test again.`,
  );
  process.exit(1);
}
