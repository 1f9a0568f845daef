import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startUpstreamIdp } from '../support/upstream-idp.js';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { parseSigningJwks } from '../../config/signing-keys.js';
import { freePort } from '../support/free-port.js';
import { cliFor, runCli } from '../support/run-cli.js';
import type { CliResult, RunOptions } from '../support/run-cli.js';
import { uniqueId } from '../support/shared-state.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

// every call spawns the real CLI (node + tsx): about a second each
jest.setTimeout(60_000);

let t: TestApp;
let cli: (args: readonly string[], options?: RunOptions) => Promise<CliResult>;
beforeAll(async () => {
  t = await startTestApp();
  cli = cliFor(t.url, t.adminToken);
});
afterAll(async () => t.close());

/** A tenant of the calling test's own (made through the API: quicker than a CLI call). */
async function newTenant(): Promise<string> {
  const id = uniqueId('fabrikam');
  expect((await t.admin('POST', '/tenants', { id, displayName: 'Fabrikam' })).status).toBe(201);
  return id;
}

/** The result of a call that should have succeeded, with what it said if it did not. */
function ok(result: CliResult): CliResult {
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return result;
}

describe('guestpass tenant and policy', () => {
  it('creates a tenant and reads it back, as text and as the JSON of the API', async () => {
    const tenant = uniqueId('fabrikam');
    const created = ok(await cli(['tenant', 'create', tenant, '--name', 'Fabrikam, Inc.']));
    expect(created.stdout).toContain(`Created tenant ${tenant}.`);
    expect(created.stdout).toMatch(/^displayName:\s+Fabrikam, Inc\.$/m);
    expect(created.stdout).toMatch(/^email-otp:\s+on$/m);

    const shown = ok(await cli(['tenant', 'show', tenant, '--json']));
    expect(JSON.parse(shown.stdout)).toEqual((await t.admin('GET', `/tenants/${tenant}`)).body);

    const listed = ok(await cli(['tenant', 'list']));
    const [header, ...rows] = listed.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+EMAIL-OTP\s+CREATED$/);
    expect(rows).toContainEqual(
      expect.stringMatching(new RegExp(`^${tenant}\\s+Fabrikam, Inc\\.\\s+on\\s+\\d{4}-`)),
    );
  });

  it('tenant list --limit pages the tenants by id, printing the command for the next page', async () => {
    await newTenant();
    await newTenant();
    const all = (await t.admin('GET', '/tenants')).body as { id: string }[];
    const first = ok(await cli(['tenant', 'list', '--limit', '1']));
    const lines = first.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+EMAIL-OTP\s+CREATED$/);
    expect(lines[1]).toMatch(new RegExp(`^${all[0]!.id}\\s`));
    expect(lines).toContain(`${all.length} tenants in all.`);
    expect(lines.at(-1)).toBe(`More: guestpass tenant list --limit 1 --cursor ${all[0]!.id}`);
    const next = ok(
      await cli(['tenant', 'list', '--limit', '1', '--cursor', all[0]!.id, '--json']),
    );
    expect((JSON.parse(next.stdout) as { items: { id: string }[] }).items).toEqual([
      expect.objectContaining({ id: all[1]!.id }),
    ]);
  });

  it('a duplicate tenant exits 1 with the API error on stderr and nothing on stdout', async () => {
    const tenant = await newTenant();
    const again = await cli(['tenant', 'create', tenant, '--name', 'Again']);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain(`guestpass: conflict: tenant "${tenant}" already exists`);
  });

  it('turns email passcodes off and shows it; a value other than on/off is a usage error', async () => {
    const tenant = await newTenant();
    ok(await cli(['policy', 'set', tenant, '--email-otp', 'off']));
    const shown = ok(await cli(['policy', 'show', tenant]));
    expect(shown.stdout).toMatch(/^email-otp:\s+off$/m);
    expect((await t.admin('GET', `/tenants/${tenant}/policy`)).body).toEqual({
      emailOtp: { enabled: false },
    });

    const maybe = await cli(['policy', 'set', tenant, '--email-otp', 'maybe']);
    expect(maybe.code).toBe(2);
    expect(maybe.stderr).toContain('--email-otp');
    expect(maybe.stderr).toContain('maybe');
  });
});

describe('guestpass invite and guest', () => {
  it('invites a guest, lists, shows and deletes it', async () => {
    const tenant = await newTenant();
    const invited = ok(
      await cli([
        'invite',
        tenant,
        'ann@contoso.com',
        '--redirect-url',
        'https://portal.fabrikam.example/',
        '--name',
        'Ann',
        '--no-email',
      ]),
    );
    expect(invited.stdout).toContain('Invited ann@contoso.com.');
    expect(invited.stdout).toMatch(/^state:\s+pendingAcceptance$/m);
    expect(invited.stdout).toMatch(new RegExp(`^redeem URL: ${t.url}/${tenant}/invite/\\S+$`, 'm'));
    expect(invited.stdout).toContain('not sent (--no-email)');

    const listed = ok(await cli(['guest', 'list', tenant, '--json']));
    const guests = JSON.parse(listed.stdout) as { id: string; email: string }[];
    expect(guests).toEqual((await t.admin('GET', `/tenants/${tenant}/guests`)).body);
    const ann = guests.find((g) => g.email === 'ann@contoso.com');
    expect(ann).toBeDefined();

    const shown = ok(await cli(['guest', 'show', tenant, ann!.id]));
    expect(shown.stdout).toMatch(new RegExp(`^id:\\s+${ann!.id}$`, 'm'));
    expect(shown.stdout).toMatch(/^displayName:\s+Ann$/m);

    const deleted = ok(await cli(['guest', 'delete', tenant, ann!.id]));
    expect(deleted.stdout).toContain(`Deleted guest ${ann!.id}`);
    expect((await t.admin('GET', `/tenants/${tenant}/guests/${ann!.id}`)).status).toBe(404);
  });

  it('guest list --limit pages the guests newest first, printing the command for the next page', async () => {
    const tenant = await newTenant();
    const invitations = ['a', 'b', 'c'].map((n) => ({
      email: `${n}@contoso.com`,
      redirectUrl: 'https://portal.fabrikam.example/',
      sendEmail: false,
    }));
    expect(
      (await t.admin('POST', `/tenants/${tenant}/invitations/batch`, { invitations })).status,
    ).toBe(200);
    const first = ok(await cli(['guest', 'list', tenant, '--limit', '2']));
    const lines = first.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+EMAIL\s+NAME\s+STATE\s+METHOD\s+INVITED\s+REDEEMED$/);
    expect(lines.filter((l) => l.includes('@contoso.com'))).toHaveLength(2);
    expect(lines).toContain(`3 guests in ${tenant}.`);
    const more = lines.at(-1) ?? '';
    expect(more).toMatch(
      new RegExp(`^More: guestpass guest list ${tenant} --limit 2 --cursor \\S+$`),
    );
    const cursor = more.split(' ').at(-1)!;
    const rest = ok(
      await cli(['guest', 'list', tenant, '--limit', '2', '--cursor', cursor, '--json']),
    );
    const page = JSON.parse(rest.stdout) as { items: { email: string }[]; next: string | null };
    expect(page.items).toHaveLength(1);
    expect(page.next).toBeNull();
    const shown = [...lines, page.items[0]!.email].join('\n');
    for (const { email } of invitations) expect(shown).toContain(email);
    const zero = await cli(['guest', 'list', tenant, '--limit', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--limit');
  });

  it('an invalid email exits 1 with the API description naming the field', async () => {
    const tenant = await newTenant();
    const bad = await cli([
      'invite',
      tenant,
      'not-an-email',
      '--redirect-url',
      'https://a.example/',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^guestpass: invalid_request: email: must be an email address/m);
  });
});

describe('guestpass client', () => {
  it('creates a client (its secret printed once), lists it without the secret, deletes it', async () => {
    const tenant = await newTenant();
    const created = ok(
      await cli([
        'client',
        'create',
        tenant,
        '--name',
        'Portal',
        '--redirect-uri',
        'https://portal.fabrikam.example/cb',
        '--redirect-uri',
        'https://portal.fabrikam.example/cb2',
        '--skip-consent',
      ]),
    );
    const clientId = /^client_id:\s+(\S+)$/m.exec(created.stdout)?.[1];
    const secret = /^client_secret: (\S+)$/m.exec(created.stdout)?.[1];
    expect(clientId).toBeDefined();
    expect(secret).toBeDefined();
    expect(created.stdout.split(secret!)).toHaveLength(2); // exactly once
    expect(created.stdout).toContain('shown only now');
    const stored = (await t.admin('GET', `/tenants/${tenant}/clients/${clientId}`)).body;
    expect(stored).toMatchObject({
      redirect_uris: ['https://portal.fabrikam.example/cb', 'https://portal.fabrikam.example/cb2'],
      skip_consent: true,
    });

    const listed = ok(await cli(['client', 'list', tenant]));
    expect(listed.stdout).toMatch(new RegExp(`^${clientId}\\s+Portal\\s+client_secret_basic`, 'm'));
    expect(listed.stdout).not.toContain(secret);

    ok(await cli(['client', 'delete', tenant, clientId!]));
    expect((await t.admin('GET', `/tenants/${tenant}/clients/${clientId}`)).status).toBe(404);
  });
});

describe('guestpass errors, keys and help', () => {
  it('a wrong token exits 1 with invalid_token', async () => {
    const wrong = await runCli(['tenant', 'list'], {
      env: { GUESTPASS_URL: t.url, GUESTPASS_TOKEN: 'not-the-token' },
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('guestpass: invalid_token:');
  });

  it('a server that cannot be reached exits 3 naming the URL (--url overrides the env)', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const down = await cli(['tenant', 'list', '--url', url]);
    expect(down.code).toBe(3);
    expect(down.stderr).toContain(`cannot reach the Guestpass server at ${url}`);
  });

  it('keys generate prints a private RSA JWK Set, with no server and no token', async () => {
    const generated = await runCli(['keys', 'generate']);
    expect(generated.code).toBe(0);
    // stderr only warns that the file must stay private (test/integration/newcomer-tools.test.ts)
    expect(generated.stderr).toMatch(/^guestpass: this is a private signing key set/);
    const jwks = parseSigningJwks(generated.stdout);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]?.d).toEqual(expect.any(String));
  });

  it('--help works on a nested command and shows its options and the global ones', async () => {
    const help = ok(await runCli(['client', 'create', '--help']));
    expect(help.stdout).toContain('Usage: guestpass client create');
    expect(help.stdout).toContain('--redirect-uri <uri>');
    expect(help.stdout).toContain('GUESTPASS_TOKEN');
    expect(help.stdout).toContain('Examples:');
  });
});

describe('guestpass sign-ins output (against a stand-in server)', () => {
  it('prints newest first, passes --limit and --cursor, and says how to get the next page', async () => {
    const seen: { url?: string; authorization?: string } = {};
    const standIn = createServer((req, res) => {
      seen.url = req.url;
      seen.authorization = req.headers.authorization;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          items: [
            {
              time: '2030-01-01T10:00:00.000Z',
              email: 'old@contoso.com',
              client: 'portal',
              method: 'otp',
              result: 'success',
              reason: null,
            },
            {
              time: '2030-01-02T10:00:00.000Z',
              email: 'new@contoso.com',
              client: 'portal',
              method: 'federation',
              result: 'failure',
              reason: 'upstream_error',
            },
          ],
          next: 'c2',
        }),
      );
    });
    await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
      const page = ok(
        await runCli(['sign-ins', 'fabrikam', '--limit', '2', '--cursor', 'c1'], {
          env: { GUESTPASS_URL: url, GUESTPASS_TOKEN: 'tok' },
        }),
      );
      expect(seen).toEqual({
        url: '/admin/v1/tenants/fabrikam/sign-ins?limit=2&cursor=c1',
        authorization: 'Bearer tok',
      });
      const lines = page.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^TIME\s+EMAIL\s+CLIENT\s+METHOD\s+RESULT\s+REASON$/);
      expect(lines[1]).toMatch(
        /^2030-01-02T10:00:00.000Z\s+new@contoso\.com\s+portal\s+federation\s+failure\s+upstream_error$/,
      );
      expect(lines[2]).toMatch(
        /^2030-01-01T10:00:00.000Z\s+old@contoso\.com\s+portal\s+otp\s+success\s+-$/,
      );
      expect(lines.at(-1)).toBe('More: guestpass sign-ins fabrikam --limit 2 --cursor c2');
    } finally {
      await new Promise((resolve) => standIn.close(resolve));
    }
  });
});

// Routes added after the first admin API (initial access tokens, admin keys, sign-ins,
// federation): the CLI against the real server.
describe('guestpass commands for the newer admin routes', () => {
  it('client token creates an initial access token for dynamic registration', async () => {
    const tenant = await newTenant();
    const created = ok(await cli(['client', 'token', tenant, '--expires-in', '600', '--json']));
    const body = JSON.parse(created.stdout) as { token: string; expiresAt: string };
    expect(body).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
    const lifetime = Date.parse(body.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(500_000);
    expect(lifetime).toBeLessThanOrEqual(600_000);
  });

  it('admin-key create shows the key once (it then works as the token); list never shows it; delete revokes it', async () => {
    const tenant = await newTenant();
    const created = ok(await cli(['admin-key', 'create', tenant, '--name', 'Fabrikam IT']));
    const id = /^id:\s+(\S+)$/m.exec(created.stdout)?.[1];
    const key = /^key:\s+(\S+)$/m.exec(created.stdout)?.[1];
    expect(id).toBeDefined();
    expect(key).toBeDefined();
    expect(created.stdout).toContain('shown only now');

    const listed = ok(await cli(['admin-key', 'list', tenant]));
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\s+Fabrikam IT\\s+\\d{4}-`, 'm'));
    expect(listed.stdout).not.toContain(key);

    // the key works as GUESTPASS_TOKEN for its own tenant
    ok(await cliFor(t.url, key!)(['guest', 'list', tenant]));

    ok(await cli(['admin-key', 'delete', tenant, id!]));
    const after = (await t.admin('GET', `/tenants/${tenant}/admin-keys`)).body as { id: string }[];
    expect(after.map((k) => k.id)).not.toContain(id);
  });

  it('sign-ins answers a page of the log as JSON (a new tenant: an empty page, no next)', async () => {
    const tenant = await newTenant();
    const page = ok(await cli(['sign-ins', tenant, '--limit', '5', '--json']));
    expect(JSON.parse(page.stdout)).toEqual({ items: [], next: null });
  });

  it('federation set reads rules from stdin, show lists them without the secret, resolve uses them', async () => {
    const tenant = await newTenant();
    // a real upstream IdP on loopback: saving a rule runs its discovery
    const upstream = await startUpstreamIdp();
    try {
      const rules = [
        {
          id: 'contoso',
          domains: ['contoso.com'],
          issuer: upstream.issuer,
          clientId: 'guestpass-fabrikam',
          clientSecret: 'upstream-secret-value',
        },
      ];
      const set = ok(
        await cli(['federation', 'set', tenant, '--file', '-'], { input: JSON.stringify(rules) }),
      );
      expect(set.stdout).toContain(`Saved 1 federation rule(s) for ${tenant}.`);
      expect(set.stdout).not.toContain('upstream-secret-value');

      const shown = ok(await cli(['federation', 'show', tenant, '--json']));
      const saved = JSON.parse(shown.stdout) as Record<string, unknown>[];
      expect(saved).toEqual([
        {
          id: 'contoso',
          domains: ['contoso.com'],
          issuer: upstream.issuer,
          clientId: 'guestpass-fabrikam',
          redirectUri: `${t.url}/${tenant}/federation/callback`,
        },
      ]);

      const resolved = ok(await cli(['federation', 'resolve', tenant, 'bob@contoso.com']));
      expect(resolved.stdout).toMatch(/^method:\s+federation$/m);
      expect(resolved.stdout).toMatch(/^reason:\s+rule contoso: domain contoso\.com$/m);
    } finally {
      await upstream.stop();
    }
  });
});
