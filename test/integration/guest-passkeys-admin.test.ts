import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Passkeys } from '../../src/directory/passkeys.js';
import { tenantScope } from '../../src/directory/tenant.js';
import { invite, relyingParty, startJourneyWorld } from '../support/guest-journey.js';
import type { JourneyWorld } from '../support/guest-journey.js';
import { cliFor } from '../support/run-cli.js';
import { uniqueId } from '../support/shared-state.js';

// the CLI test spawns the real CLI (node + tsx): about a second a call
jest.setTimeout(60_000);

/**
 * Admins see a guest's passkeys and remove one, through the API and the CLI; deleting or
 * resetting the guest removes them all. The passkeys are added through the directory on the
 * app's own store (what the guest's WebAuthn ceremony ends in, which test/e2e/passkey-journey
 * drives in Chromium).
 */
let world: JourneyWorld;

beforeAll(async () => {
  world = await startJourneyWorld();
});
afterAll(async () => world.close());

const credential = () => uniqueId('cred').replace(/[^\w-]/g, '_');

/** a tenant of the test's own, a guest of it with two passkeys */
async function guestWithPasskeys() {
  const tenant = uniqueId('fabrikam');
  await relyingParty(world.t, tenant);
  const { guest } = await invite(world.t, tenant, `${uniqueId('keys')}@example.com`, {
    sendEmail: false,
  });
  const { services } = world.t.app;
  const scope = tenantScope((await services.tenants.find(tenant))!);
  const passkeys = new Passkeys(services.store, services.keys, services.clock);
  const ids = [credential(), credential()];
  for (const [n, id] of ids.entries()) {
    const added = await passkeys.add(scope, guest.id, {
      id,
      publicKey: 'cHVibGljLWtleQ',
      transports: ['internal'],
      deviceType: n ? 'singleDevice' : 'multiDevice',
      backedUp: n === 0,
      counter: 0,
    });
    expect(added).toBe('added');
  }
  return { tenant, guest, ids, passkeys, scope };
}

const path = (tenant: string, guest: string, rest = '') =>
  `/tenants/${tenant}/guests/${guest}/passkeys${rest}`;

describe("Admins and a guest's passkeys", () => {
  it('lists them (never their public keys), on the guest and on their own, and removes one', async () => {
    const { tenant, guest, ids, passkeys, scope } = await guestWithPasskeys();
    const listed = await world.t.admin('GET', path(tenant, guest.id));
    expect(listed.status).toBe(200);
    expect(listed.body.map((p: { id: string }) => p.id).sort()).toEqual([...ids].sort());
    expect(listed.body[0]).toEqual({
      id: expect.any(String),
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      deviceType: expect.any(String),
      backedUp: expect.any(Boolean),
      transports: ['internal'],
    });
    expect(JSON.stringify(listed.body)).not.toContain('cHVibGljLWtleQ');
    expect(
      (await world.t.admin('GET', `/tenants/${tenant}/guests/${guest.id}`)).body.passkeys,
    ).toEqual(listed.body);

    const [gone = '', kept = ''] = ids;
    expect((await world.t.admin('DELETE', path(tenant, guest.id, `/${gone}`))).status).toBe(204);
    expect(
      (await world.t.admin('GET', path(tenant, guest.id))).body.map((p: { id: string }) => p.id),
    ).toEqual([kept]);
    // the credential no longer signs anyone in
    expect(await passkeys.find(scope, gone)).toBeUndefined();
    expect(await passkeys.find(scope, kept)).toMatchObject({ guestId: guest.id });

    const again = await world.t.admin('DELETE', path(tenant, guest.id, `/${gone}`));
    expect(again.status).toBe(404);
    expect(again.body.error_description).toContain(`"${gone}"`);
  });

  it("another guest's passkey cannot be removed through this guest", async () => {
    const first = await guestWithPasskeys();
    const { guest: other } = await invite(
      world.t,
      first.tenant,
      `${uniqueId('other')}@example.com`,
      {
        sendEmail: false,
      },
    );
    const [id = ''] = first.ids;
    expect((await world.t.admin('DELETE', path(first.tenant, other.id, `/${id}`))).status).toBe(
      404,
    );
    expect(await first.passkeys.find(first.scope, id)).toMatchObject({ guestId: first.guest.id });
  });

  it('resetting the guest removes them all; so does deleting the guest', async () => {
    const reset = await guestWithPasskeys();
    const answer = await world.t.admin(
      'POST',
      `/tenants/${reset.tenant}/guests/${reset.guest.id}/reset-redemption`,
    );
    expect(answer.body.passkeysRemoved).toBe(2);
    expect((await world.t.admin('GET', path(reset.tenant, reset.guest.id))).body).toEqual([]);
    for (const id of reset.ids) expect(await reset.passkeys.find(reset.scope, id)).toBeUndefined();

    const deleted = await guestWithPasskeys();
    expect(
      (await world.t.admin('DELETE', `/tenants/${deleted.tenant}/guests/${deleted.guest.id}`))
        .status,
    ).toBe(204);
    for (const id of deleted.ids)
      expect(await deleted.passkeys.find(deleted.scope, id)).toBeUndefined();
    expect(await deleted.passkeys.list(deleted.scope, deleted.guest.id)).toEqual([]);
  });

  it('an unknown guest is 404 naming it; a malformed passkey id 400 naming credentialId', async () => {
    const { tenant, guest, ids } = await guestWithPasskeys();
    const unknown = await world.t.admin('GET', path(tenant, 'no-such-guest'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error_description).toContain('"no-such-guest"');
    const unknownDelete = await world.t.admin(
      'DELETE',
      path(tenant, 'no-such-guest', `/${ids[0]}`),
    );
    expect(unknownDelete.status).toBe(404);
    expect(unknownDelete.body.error_description).toContain('"no-such-guest"');
    const malformed = await world.t.admin('DELETE', path(tenant, guest.id, '/not%20a%20passkey'));
    expect(malformed.status).toBe(400);
    expect(malformed.body.error_description).toContain('credentialId');
  });
});

describe('guestpass guest passkeys and remove-passkey', () => {
  it('lists a guest’s passkeys and removes one', async () => {
    const cli = cliFor(world.t.url, world.t.adminToken);
    const { tenant, guest, ids } = await guestWithPasskeys();
    const listed = await cli(['guest', 'passkeys', tenant, guest.email]);
    expect({ code: listed.code, stderr: listed.stderr }).toEqual({ code: 0, stderr: '' });
    const [header, ...rows] = listed.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^PASSKEY\s+KIND\s+ADDED\s+LAST USED$/);
    expect(rows.map((row) => row.split(/\s+/)[0]).sort()).toEqual([...ids].sort());

    const [gone = ''] = ids;
    const removed = await cli(['guest', 'remove-passkey', tenant, guest.id, gone]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`Removed passkey ${gone} of guest ${guest.id}.`);
    const json = await cli(['guest', 'passkeys', tenant, guest.id, '--json']);
    expect(JSON.parse(json.stdout).map((p: { id: string }) => p.id)).toEqual([ids[1]]);

    const again = await cli(['guest', 'remove-passkey', tenant, guest.id, gone]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(gone);
    const bad = await cli(['guest', 'remove-passkey', tenant, guest.id, 'not a passkey']);
    expect(bad.code).toBe(2);
  });
});
