import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { cliFor } from '../support/run-cli.js';
import type { CliResult, RunOptions } from '../support/run-cli.js';
import { uniqueId } from '../support/shared-state.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

// every call spawns the real CLI (node + tsx): about a second each
jest.setTimeout(60_000);

/**
 * Item 10, the CLI: every id is checked with the server's own rule before anything is sent
 * (`guest delete acme ..` once deleted the tenant: fetch resolved `/guests/..`), and
 * `tenant delete` asks for the tenant id or needs --yes.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

/** the CLI of this source tree (a `dist/` left by an earlier build is not under test here) */
const cli = (args: readonly string[], options: RunOptions = {}): Promise<CliResult> =>
  cliFor(t.url, t.adminToken)(args, { ...options, source: true });

async function newTenant(): Promise<string> {
  const id = uniqueId('acme');
  expect((await t.admin('POST', '/tenants', { id, displayName: 'Acme' })).status).toBe(201);
  return id;
}

const exists = async (tenant: string) => (await t.admin('GET', `/tenants/${tenant}`)).status;

describe('ids are checked before anything is sent', () => {
  it.each([
    ['guest delete', '..', ['guest', 'delete'], 'guest id ".."'],
    ['guest show', '.', ['guest', 'show'], 'guest id "."'],
    ['client delete', '..', ['client', 'delete'], 'client id ".."'],
    ['admin-key delete', '%2e%2e', ['admin-key', 'delete'], 'admin key id "%2e%2e"'],
  ])(
    '%s <tenant> %s is a usage error and the tenant survives',
    async (_case, id, command, named) => {
      const tenant = await newTenant();
      const result = await cli([...command, tenant, id]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(named);
      expect(await exists(tenant)).toBe(200);
    },
  );

  it('a tenant id that breaks the tenant rule is refused before sending', async () => {
    const result = await cli(['guest', 'list', '../admin']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tenant id "../admin"');
  });
});

describe('tenant delete asks first', () => {
  it('without --yes and without an answer it deletes nothing', async () => {
    const tenant = await newTenant();
    const result = await cli(['tenant', 'delete', tenant]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Type the tenant id to confirm');
    expect(result.stderr).toContain(`tenant ${tenant} was not deleted`);
    expect(await exists(tenant)).toBe(200);
  });

  it('a wrong answer deletes nothing', async () => {
    const tenant = await newTenant();
    const result = await cli(['tenant', 'delete', tenant], { input: 'yes\n' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the confirmation did not match');
    expect(await exists(tenant)).toBe(200);
  });

  it('typing the tenant id deletes it', async () => {
    const tenant = await newTenant();
    const result = await cli(['tenant', 'delete', tenant], { input: `${tenant}\n` });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Deleted tenant ${tenant}.`);
    expect(await exists(tenant)).toBe(404);
  });

  it('--yes deletes it without asking', async () => {
    const tenant = await newTenant();
    const result = await cli(['tenant', 'delete', tenant, '--yes']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(await exists(tenant)).toBe(404);
  });
});
