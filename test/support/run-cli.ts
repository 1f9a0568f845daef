import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/guestpass.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** GUESTPASS_URL / GUESTPASS_TOKEN and the like; nothing of the test's own environment leaks in */
  readonly env?: Record<string, string>;
  /** written to the CLI's stdin (then closed) */
  readonly input?: string;
  /** this source tree's CLI through tsx, even when a `dist/` of an earlier build is there */
  readonly source?: boolean;
}

const source = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** Runs the real CLI (`node bin/guestpass.js …`) as its own process and collects what it says. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const argv = options.source ? ['--import', 'tsx', source] : [bin];
    const child = spawn(process.execPath, [...argv, ...args], {
      // PATH and HOME only: no GUESTPASS_* of the developer's, no jest NODE_OPTIONS
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A runner bound to one server and token (what an operator's shell would export). */
export const cliFor =
  (url: string, token: string) =>
  (args: readonly string[], options: RunOptions = {}): Promise<CliResult> =>
    runCli(args, {
      ...options,
      env: { GUESTPASS_URL: url, GUESTPASS_TOKEN: token, ...options.env },
    });
