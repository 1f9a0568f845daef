import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

/** the shell block of README's "The CLI" section, as a newcomer copies it */
function readmeCliBlock(): string {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('\n## The CLI\n'));
  const block = /```sh\n([\s\S]*?)```/.exec(section.slice(0, section.indexOf('\n## ', 5)))?.[1];
  if (!block) throw new Error('README.md: no sh block in "The CLI"');
  return block;
}

let server: TestApp;
let dir: string;
beforeAll(async () => {
  server = await startTestApp();
  dir = mkdtempSync(join(tmpdir(), 'guestpass-readme-'));
  // `npx guestpass` as the checkout's own CLI from source (npx would look for a package)
  const npx = join(dir, 'npx');
  writeFileSync(
    npx,
    `#!/bin/sh\n[ "$1" = guestpass ] || exit 64\nshift\nexec "${process.execPath}" --import tsx "${resolve('src/cli/main.ts')}" "$@"\n`,
  );
  chmodSync(npx, 0o755);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("README's CLI example", () => {
  it('runs top to bottom against a fresh server with the export line the dev banner prints', async () => {
    const block = readmeCliBlock();
    const exportLine = /^export GUESTPASS_URL=\S+ GUESTPASS_TOKEN=.*$/m;
    expect(block).toMatch(exportLine);
    // the banner's line, for this server
    const script = block.replace(
      exportLine,
      `export GUESTPASS_URL=${server.url} GUESTPASS_TOKEN=${server.adminToken}`,
    );
    const result = await new Promise<{ code: number | null; out: string }>((done) => {
      const child = spawn('sh', ['-e', '-x', '-c', script], {
        cwd: process.cwd(),
        env: { PATH: `${dir}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '' },
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('close', (code) => done({ code, out }));
    });
    expect({ code: result.code, out: result.out }).toEqual({ code: 0, out: expect.any(String) });

    // and it did what it says: the tenant exists, passcodes off, alex invited again
    const tenant = await server.admin('GET', '/tenants/fabrikam');
    expect(tenant.body).toMatchObject({
      id: 'fabrikam',
      displayName: 'Fabrikam, Inc.',
      policy: { emailOtp: { enabled: false } },
    });
    const guests = await server.admin('GET', '/tenants/fabrikam/guests');
    expect(guests.body).toEqual([expect.objectContaining({ email: 'alex@example.com' })]);
    expect(result.out).toContain('Deleted guest');
  }, 180_000);
});
