import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startJourneyWorld } from '../support/guest-journey.js';
import type { JourneyWorld } from '../support/guest-journey.js';
import { mailSettled } from '../support/mail-settled.js';
import { cliFor } from '../support/run-cli.js';
import type { CliResult, RunOptions } from '../support/run-cli.js';
import { uniqueId } from '../support/shared-state.js';

// every call spawns the real CLI (node + tsx), and some import a thousand rows
jest.setTimeout(120_000);

let world: JourneyWorld;
let cli: (args: readonly string[], options?: RunOptions) => Promise<CliResult>;
let dir: string;

beforeAll(async () => {
  world = await startJourneyWorld();
  cli = (args, options) =>
    cliFor(world.t.url, world.t.adminToken)(args, { ...options, source: true });
  dir = await mkdtemp(join(tmpdir(), 'guestpass-csv-'));
});
afterAll(async () => {
  await world?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const portal = 'https://portal.fabrikam.example';

async function newTenant(): Promise<string> {
  const id = uniqueId('bulk');
  expect((await world.t.admin('POST', '/tenants', { id, displayName: 'Fabrikam' })).status).toBe(
    201,
  );
  return id;
}

async function guestEmails(tenant: string): Promise<string[]> {
  const guests = await world.t.admin('GET', `/tenants/${tenant}/guests`);
  return (guests.body as { email: string }[]).map((g) => g.email).sort();
}

/** the table's rows (after its header), each split into its cells */
function tableRows(stdout: string): string[][] {
  const lines = stdout.split('\n');
  const header = lines.findIndex((l) => /^LINE\s+EMAIL\s+RESULT\s+REASON$/.test(l));
  expect(header).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(header + 1)) {
    if (line === '') break;
    rows.push(line.split(/\s{2,}/));
  }
  return rows;
}

const entraHeader = [
  'version:v1.0',
  'Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail],Customized invitation message [customizedMessageBody],Display name [displayName]',
];

describe('guestpass invite <tenant> --csv', () => {
  it("imports a 1,000-row file in Entra's template: a line per row, progress on stderr, every mail at SendGrid", async () => {
    const tenant = await newTenant();
    const rows = Array.from(
      { length: 1000 },
      (_, i) => `guest${i}@contoso.example,${portal},true,,"Guest ${i}, Contoso"`,
    );
    const file = join(dir, 'entra.csv');
    await writeFile(file, `\uFEFF${[...entraHeader, ...rows].join('\r\n')}\r\n`);
    const before = world.sendgrid.requests.length;

    const result = await cli(['invite', tenant, '--csv', file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('guestpass: 1000 of 1000 rows sent');
    const table = tableRows(result.stdout);
    expect(table).toHaveLength(1000);
    expect(table[0]).toEqual(['3', 'guest0@contoso.example', 'created', '-']);
    expect(table[999]).toEqual(['1002', 'guest999@contoso.example', 'created', '-']);
    expect(result.stdout).toContain('1000 created, 0 existing, 0 failed (1000 rows)');
    expect(await guestEmails(tenant)).toHaveLength(1000);
    // the courier delivers the queued mails in the background (8 at a time): about 3 s here
    await mailSettled(60_000);
    const mails = world.sendgrid.requests.slice(before).map((r) => JSON.stringify(r.body));
    expect(mails).toHaveLength(1000);
    expect(mails.filter((m) => m.includes('"email":"guest517@contoso.example"'))).toEqual([
      expect.stringContaining('Hello Guest 517, Contoso,'),
    ]);
  });

  it('answers mixed rows one by one — created, existing, refused with the reason — and exits 1', async () => {
    const tenant = await newTenant();
    await world.t.admin('POST', `/tenants/${tenant}/invitations`, {
      email: 'old@contoso.example',
      redirectUrl: portal,
      sendEmail: false,
    });
    const csv = [
      'email,displayName,redirectUrl,sendEmail',
      'new@contoso.example,New,,false',
      'OLD@contoso.example,,,false',
      'not-an-address,,,false',
      `other@contoso.example,,javascript:alert(1),false`,
      'new@contoso.example,,,false',
    ].join('\n');
    const result = await cli(['invite', tenant, '--csv', '-', '--redirect-url', portal], {
      input: csv,
    });
    expect(result.code).toBe(1);
    const table = tableRows(result.stdout);
    expect(table.map(([line, email, status]) => [line, email, status])).toEqual([
      ['2', 'new@contoso.example', 'created'],
      ['3', 'old@contoso.example', 'existing'],
      ['4', 'not-an-address', 'error'],
      ['5', 'other@contoso.example', 'error'],
      ['6', 'new@contoso.example', 'error'],
    ]);
    expect(table[2]![3]).toMatch(/^email: /);
    expect(table[3]![3]).toMatch(/^redirectUrl: /);
    expect(table[4]![3]).toBe('email: the same address as invitations[0]');
    expect(result.stdout).toContain('1 created, 1 existing, 3 failed (5 rows)');
    expect(await guestEmails(tenant)).toEqual(['new@contoso.example', 'old@contoso.example']);
  });

  it('with --json prints every row with its line and the API’s answer', async () => {
    const tenant = await newTenant();
    const result = await cli(['invite', tenant, '--csv', '-', '--json', '--no-email'], {
      input: `email,redirectUrl\r\nann@contoso.example,${portal}\r\nbad,${portal}\r\n`,
    });
    expect(result.code).toBe(1);
    const printed = JSON.parse(result.stdout) as {
      results: {
        line: number;
        email: string;
        status: string;
        redeemUrl?: string;
        emailSent?: boolean;
      }[];
      summary: unknown;
    };
    expect(printed.summary).toEqual({ created: 1, existing: 0, failed: 1 });
    expect(printed.results[0]).toMatchObject({
      line: 2,
      email: 'ann@contoso.example',
      status: 'created',
      emailSent: false,
      redeemUrl: expect.stringContaining(`/${tenant}/invite/`),
    });
    expect(printed.results[1]).toMatchObject({
      line: 3,
      status: 'error',
      error: 'invalid_request',
    });
  });

  it('sends more than 1,000 rows in chunks of 1,000, with progress after each', async () => {
    const tenant = await newTenant();
    const rows = Array.from({ length: 1205 }, (_, i) => `chunk${i}@contoso.example`);
    const result = await cli(
      ['invite', tenant, '--csv', '-', '--redirect-url', portal, '--no-email'],
      {
        input: ['email', ...rows].join('\n'),
      },
    );
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([
      'guestpass: 1000 of 1205 rows sent',
      'guestpass: 1205 of 1205 rows sent',
    ]);
    expect(tableRows(result.stdout)).toHaveLength(1205);
    expect(await guestEmails(tenant)).toHaveLength(1205);
  });

  it.each([
    ['no email column', 'name,redirectUrl\nAnn,https://a.example/\n', ['line 1: no email column']],
    [
      'a bad boolean and an empty address',
      'email,sendEmail\nann@contoso.example,maybe\n,true\nbob@contoso.example,true\n',
      [
        'line 2, column "sendEmail": "maybe" is not true or false',
        'line 3, column "email": no email address',
      ],
    ],
    [
      'an unclosed quote',
      'email\n"ann@contoso.example\n',
      ['line 2: a quoted cell is never closed'],
    ],
  ])(
    'a file with %s: every problem named by line and column, exit 2, nothing sent',
    async (_name, csv, problems) => {
      const tenant = await newTenant();
      const result = await cli(['invite', tenant, '--csv', '-', '--redirect-url', portal], {
        input: csv,
      });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('nothing was sent');
      for (const problem of problems) expect(result.stderr).toContain(problem);
      expect(await guestEmails(tenant)).toEqual([]);
    },
  );

  it('refuses an address and --csv together, and a missing file, as usage errors', async () => {
    const tenant = await newTenant();
    const both = await cli([
      'invite',
      tenant,
      'a@contoso.example',
      '--csv',
      '-',
      '--redirect-url',
      portal,
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
    const missing = await cli(['invite', tenant, '--csv', join(dir, 'missing.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    expect(missing.stderr).toContain('ENOENT');
  });
});

describe('guestpass invite: invitations that cannot work', () => {
  it('refuses an address no method would let in (409 no_sign_in_method), and --force invites it', async () => {
    const tenant = await newTenant();
    await world.t.admin('PUT', `/tenants/${tenant}/policy`, { emailOtp: { enabled: false } });
    const refused = await cli([
      'invite',
      tenant,
      'nobody@nowhere.example',
      '--redirect-url',
      portal,
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'guestpass: no_sign_in_method: nobody@nowhere.example could not sign in',
    );
    expect(await guestEmails(tenant)).toEqual([]);

    const forced = await cli([
      'invite',
      tenant,
      'nobody@nowhere.example',
      '--redirect-url',
      portal,
      '--force',
      '--no-email',
    ]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('Invited nobody@nowhere.example.');

    const csv = 'email\nsomeone@nowhere.example\n';
    const rows = await cli(
      ['invite', tenant, '--csv', '-', '--redirect-url', portal, '--no-email'],
      { input: csv },
    );
    expect(rows.code).toBe(1);
    expect(tableRows(rows.stdout)[0]).toEqual([
      '2',
      'someone@nowhere.example',
      'error',
      expect.stringMatching(/^someone@nowhere\.example could not sign in: .*passcodes are off/),
    ]);
    const forcedRows = await cli(
      ['invite', tenant, '--csv', '-', '--redirect-url', portal, '--no-email', '--force'],
      { input: csv },
    );
    expect(forcedRows.code).toBe(0);
    expect(tableRows(forcedRows.stdout)[0]!.slice(0, 3)).toEqual([
      '2',
      'someone@nowhere.example',
      'created',
    ]);
    expect(await guestEmails(tenant)).toEqual([
      'nobody@nowhere.example',
      'someone@nowhere.example',
    ]);
  });
});
