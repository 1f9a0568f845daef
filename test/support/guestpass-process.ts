import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
  /** the exit code, once it exited */
  exited: Promise<number | null>;
  /** SIGTERM (the clean shutdown) and its exit code */
  stop(): Promise<number | null>;
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
    async stop() {
      if (exitCode === undefined) child.kill('SIGTERM');
      return exited;
    },
  };
}
