import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';

const run = promisify(execFile);
const depcruise = (files: string[]) =>
  run('npx', ['depcruise', ...files, '--config', '.dependency-cruiser.cjs'], {
    cwd: process.cwd(),
  }).then(
    () => ({ failed: false, output: '' }),
    (error: { stdout?: string }) => ({ failed: true, output: String(error.stdout ?? '') }),
  );

/** `npm run lint` runs the same dependency-cruiser rules over the whole tree. */
describe('the layers point one way (.dependency-cruiser.cjs)', () => {
  it('passes the tree as it is: no wrong-way import and no cycle', async () => {
    const { failed, output } = await depcruise(['src', 'config', 'interactions', 'examples']);
    expect(output).toBe('');
    expect(failed).toBe(false);
  });

  it.each([
    ['src/util', '../server/create-app.js', 'no-util-to-server'],
    ['src/store', '../directory/guests.js', 'no-store-to-domain'],
    ['src/directory', '../metrics/prometheus-metrics.js', 'no-domain-to-metrics'],
    ['interactions', '../src/server/create-app.js', 'no-interactions-to-server'],
    ['interactions/methods/passcode', '../federation/federation-step.js', 'methods-stand-alone'],
  ])('refuses an import from %s of %s (%s)', async (folder, target, rule) => {
    const file = `${folder}/forbidden-import-${rule}.fixture.ts`;
    await writeFile(file, `export * from '${target}';\n`);
    try {
      const { failed, output } = await depcruise([file]);
      expect(failed).toBe(true);
      expect(output).toContain(rule);
    } finally {
      await rm(file, { force: true });
    }
  });
});
