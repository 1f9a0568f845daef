import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliResult, RunOptions } from './run-cli.js';

const source = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/**
 * The CLI of this source tree (through tsx, as bin/guestpass.js runs it without a build),
 * against one server: a `dist/` left by an earlier `npm run build` is not what is under test.
 */
export const sourceCli =
  (url: string, token: string) =>
  (args: readonly string[], options: RunOptions = {}): Promise<CliResult> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', source, ...args], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          GUESTPASS_URL: url,
          GUESTPASS_TOKEN: token,
        },
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
