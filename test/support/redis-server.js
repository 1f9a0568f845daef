// Plain JavaScript: jest's global setup loads it without a transform.
import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { freePort } from './free-port.js';

/** @param {number} port @returns {Promise<boolean>} */
function answersPing(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * A real redis-server on a free loopback port, owned by whoever started it (never the
 * user's own Redis). `stop` kills it, `start` brings it back on the same port.
 * `pause` stops the process answering (SIGSTOP: connections stay open, nothing answers) and
 * `resume` lets it go on.
 * @returns {Promise<{port: number, url: string, stop: () => Promise<void>, start: () => Promise<void>, pause: () => void, resume: () => void}>}
 */
export async function startRedisServer() {
  const port = await freePort();
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;

  const start = async () => {
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    child = started;
    /** @type {Error | undefined} */
    let failed;
    // without redis-server on PATH (npx jest run directly, not through npm test's check)
    started.once('error', (error) => {
      failed = new Error(
        `cannot start redis-server (${error.message}): install it (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis)`,
      );
    });
    started.once('exit', (code) => {
      failed ??= new Error(`redis-server exited (code ${code}) before answering on port ${port}`);
    });
    // poll until it answers, at most 10 s, and stop at once if it could not start
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (failed) throw failed;
      if (await answersPing(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw failed ?? new Error(`redis-server did not start on port ${port}`);
  };

  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise((resolve) => {
      running.once('exit', resolve);
      running.kill('SIGKILL');
    });
  };

  await start();
  /** @param {NodeJS.Signals} name */
  const signal = (name) => () => void child?.kill(name);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    pause: signal('SIGSTOP'),
    resume: signal('SIGCONT'),
  };
}
