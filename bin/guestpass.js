#!/usr/bin/env node
// The `guestpass` admin CLI launcher: the compiled CLI after `npm run build`, otherwise the
// TypeScript source through tsx (a devDependency), so a source checkout works without a build.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { requireNode } from '../src/util/node-version.js';

// one clear line on a Node.js that is too old, before anything else can fail in its own way
requireNode();

const root = new URL('../', import.meta.url);
const built = new URL('dist/src/cli/main.js', root);

if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  const source = fileURLToPath(new URL('src/cli/main.ts', root));
  // resolved from this file, not the cwd, so `npx guestpass` works from any directory
  const tsx = import.meta.resolve('tsx');
  const child = spawn(process.execPath, ['--import', tsx, source, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  // pass a kill on to the child and let its exit decide ours
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal) => child.kill(signal);
  for (const signal of signals) process.on(signal, forward);
  child.on('error', (error) => {
    process.stderr.write(`guestpass: cannot start the CLI: ${error.message}\n`);
    process.exitCode = 70;
  });
  child.on('exit', (code, signal) => {
    for (const name of signals) process.off(name, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
}
