import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { signingKeyFile } from './config-env.js';
import { freePort } from './free-port.js';
import { testRedisUrl } from './shared-state.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** the entry point, run from source as `npm run dev` runs it */
export const mainSource = `${root}src/main.ts`;
/** tsx's loader by its file URL: `--import tsx` would be looked up from the process's cwd */
const tsx = pathToFileURL(`${root}node_modules/tsx/dist/loader.mjs`).href;

export interface GuestpassProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** resolves once stdout or stderr matches (rejects if the process exits first, or after timeoutMs) */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /**
   * Polls /readyz on the env's PORT (every 50 ms, no fixed wait; a poll waits 2 s at most, as
   * something else may hold the port) until it answers 200, the process exits, or timeoutMs;
   * the last status (0: no answer).
   */
  ready(timeoutMs?: number): Promise<number>;
  /** the exit code, once it exited */
  exited: Promise<number | null>;
  /** SIGTERM (the clean shutdown) unless another signal is given, and its exit code */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
  /** the whole environment but PATH (nothing of the test's own leaks in) */
  env: Record<string, string>;
  /** the working directory (where .env and .guestpass-dev are looked for) */
  cwd?: string;
  /** node options before the loader, e.g. another --import */
  nodeArgs?: string[];
}

/** The real server process (src/main.ts through tsx), with what it writes. */
export function startGuestpass({ env, cwd = root, nodeArgs = [] }: StartOptions): GuestpassProcess {
  const child = spawn(process.execPath, [...nodeArgs, '--import', tsx, mainSource], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  child.stdout?.setEncoding('utf8').on('data', (d: string) => ((out += d), changed()));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => ((err += d), changed()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      // let the last output arrive first
      setImmediate(() => {
        changed();
        resolve(code);
      });
    }),
  );
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
    changed();
  });

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out) ?? pattern.exec(err);
          if (match) return done(() => resolve(match[0]));
          if (exitCode !== undefined)
            return done(() =>
              reject(new Error(`exited (${exitCode}) before ${pattern}:\n${out}\n${err}`)),
            );
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`no ${pattern} in ${timeoutMs} ms:\n${out}\n${err}`))),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let status = 0;
      while (status !== 200 && exitCode === undefined && Date.now() < deadline) {
        status = await fetch(`http://127.0.0.1:${env.PORT}/readyz`, {
          signal: AbortSignal.timeout(2000),
        }).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 50));
      }
      return status;
    },
    async stop(signal = 'SIGTERM') {
      if (exitCode === undefined) child.kill(signal);
      return exited;
    },
  };
}

/**
 * startGuestpass on a free PORT, once ready (/readyz answers 200 within `timeoutMs`), and again
 * on other ports (five tries) when the process exits because a port it was given was taken
 * before it bound it: freePort only says what was free a moment ago. `env(port)` is the
 * environment for a PORT (PUBLIC_URL, METRICS_PORT… may follow it). Rejects with what the
 * process wrote when it is not ready for any other reason.
 */
export async function startReadyGuestpass(
  env: (port: number) => Record<string, string> | Promise<Record<string, string>>,
  options: Omit<StartOptions, 'env'> & {
    timeoutMs?: number;
    /** where ports come from (default freePort) */
    choosePort?: () => Promise<number>;
  } = {},
): Promise<{ server: GuestpassProcess; env: Record<string, string> }> {
  const { timeoutMs = 60_000, choosePort = freePort, ...start } = options;
  for (let attempt = 1; ; attempt += 1) {
    const port = await choosePort();
    const settings = { ...(await env(port)), PORT: String(port) };
    const server = startGuestpass({ ...start, env: settings });
    const status = await server.ready(timeoutMs);
    if (status === 200) return { server, env: settings };
    await server.stop();
    const written = `${server.stdout()}\n${server.stderr()}`;
    if (!/already in use|EADDRINUSE/.test(written) || attempt >= 5)
      throw new Error(`Guestpass is not ready (last /readyz status ${status}):\n${written}`);
  }
}

export interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the process until it exits (a refused start exits at once): its exit code and what it
 * wrote. `boundMs`, when given, stops it with SIGTERM after that long (a bound, not a wait).
 */
export async function runGuestpass({
  boundMs,
  ...options
}: StartOptions & { boundMs?: number }): Promise<Exit> {
  const server = startGuestpass(options);
  const timer = boundMs === undefined ? undefined : setTimeout(() => void server.stop(), boundMs);
  const code = await server.exited;
  clearTimeout(timer);
  return { code, stdout: server.stdout(), stderr: server.stderr() };
}

/**
 * Everything production requires, valid, for a process on the run's redis-server (NODE_ENV left
 * out: unset is production): a free PORT, SMTP mail, secrets and a signing key file in `dir`, a
 * temp folder of the test file's own (test/support/config-env.ts's signingKeyFile); `extra`
 * adds or replaces settings.
 */
export function productionSettings(name: string): {
  readonly dir: string;
  env(extra?: Record<string, string>): Promise<Record<string, string>>;
} {
  const { dir, jwksPath } = signingKeyFile(`guestpass-${name}-`);
  return {
    dir,
    async env(extra = {}) {
      return {
        PORT: String(await freePort()),
        PUBLIC_URL: 'https://id.example.com',
        REDIS_URL: testRedisUrl(),
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: 'smtp://user:pass@127.0.0.1:2525',
        ADMIN_TOKEN: 'a'.repeat(40),
        COOKIE_SECRETS: 'b'.repeat(40),
        JWKS_PATH: jwksPath,
        LOG_LEVEL: 'info',
        ...extra,
      };
    },
  };
}
