import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGuestpassPlugin } from '../../src/index.js';
import { keySlot } from '../../src/store/key-slot.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { invite, passcodeSignIn, relyingParty, SignIn } from '../support/guest-journey.js';
import type { JourneyWorld } from '../support/guest-journey.js';
import { clusterUser } from '../support/redis-cluster.js';
import type { TestCluster } from '../support/redis-cluster.js';
import { postAsClient, startClusterWorld } from '../support/redis-cluster-world.js';
import type { ClientCredentials, ClusterWorld } from '../support/redis-cluster-world.js';
import { uniqueId } from '../support/shared-state.js';

/** Guestpass on a real 3-master Redis Cluster of this file's own (REDIS_CLUSTER_NODES). */
let started: ClusterWorld;
let cluster: TestCluster;
let world: JourneyWorld;
let prefix: string;

beforeAll(async () => {
  started = await startClusterWorld();
  ({ cluster, world, prefix } = started);
});
afterAll(async () => started?.close());

const clientCredentials = (tenant: string, client: ClientCredentials) =>
  postAsClient(world, tenant, 'token', client, { grant_type: 'client_credentials' });

/** the keys of one tenant on each node: its record and everything under its `{id:instance}` tag */
async function tenantKeysByNode(tenant: string): Promise<Map<number, string[]>> {
  const all = await cluster.keysByNode(`${prefix}*`);
  return new Map(
    [...all].map(([port, keys]) => [
      port,
      keys.filter((k) => k === `${prefix}tenant:${tenant}` || k.startsWith(`${prefix}{${tenant}:`)),
    ]),
  );
}

describe('Guestpass on a Redis Cluster', () => {
  it('computes hash slots as the cluster does', async () => {
    const node = cluster.client(cluster.ports[0]!);
    try {
      for (const key of [
        'foo',
        `${prefix}tenant:acme`,
        `${prefix}{acme:x1}:guest:7`,
        `${prefix}rate-window:send:127.0.0.1`,
        'a{}b',
        'a{b',
        '{}{x}',
        'x{y}{z}',
        'ünïcode{tag}',
        '{ünï}',
      ]) {
        expect([key, keySlot(key)]).toEqual([key, await node.call('CLUSTER', 'KEYSLOT', key)]);
      }
    } finally {
      node.disconnect();
    }
  });

  it('a store just connected answers a burst of concurrent commands on every master', async () => {
    const store = new RedisStore({
      nodes: [{ host: '127.0.0.1', port: cluster.ports[1]! }],
      tls: false,
      ...clusterUser,
    });
    try {
      expect(await store.waitUntilReady()).toBe(true);
      const keys = Array.from({ length: 60 }, (_, i) => `${prefix}burst:{${i}}`);
      await Promise.all(keys.map((key) => store.set(key, key)));
      expect(await Promise.all(keys.map((key) => store.get(key)))).toEqual(keys);
    } finally {
      await store.close();
    }
  });

  it('the plugin runs on it with redisClusterNodes', async () => {
    const plugin = await createGuestpassPlugin({
      organization: { id: uniqueId('org'), name: 'Org' },
      redisClusterNodes: cluster.nodes.split(','),
      redisCluster: { ...clusterUser },
      redisKeyPrefix: `${prefix}plugin:`,
      mail: { transport: 'outbox' },
      secrets: [randomBytes(32).toString('base64url')],
      publicUrl: 'http://127.0.0.1:9',
      logLevel: 'silent',
    });
    try {
      const email = `${uniqueId('guest')}@example.com`;
      const { guest } = await plugin.invitations.create({
        email,
        redirectUrl: 'https://apps.example.com/',
        sendEmail: false,
      });
      expect((await plugin.guests.list()).map((g) => g.email)).toEqual([email]);
      await plugin.guests.delete(guest.id);
      expect(await plugin.guests.list()).toEqual([]);
      const keys = [...(await cluster.keysByNode(`${prefix}plugin:*`)).values()].flat();
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      await plugin.close();
    }
  });

  it('an invited guest signs in with a passcode over HTTP, end to end', async () => {
    const tenant = uniqueId('pass');
    const rp = await relyingParty(world.t, tenant);
    const invitation = await invite(world.t, tenant, `${uniqueId('guest')}@example.com`);
    const signIn = new SignIn(rp);
    const callback = await passcodeSignIn(world, signIn, invitation.guest.email);
    const tokens = await signIn.tokens(callback);
    expect(tokens.claims()).toMatchObject({
      iss: `${world.t.url}/${tenant}`,
      sub: invitation.guest.id,
      email: invitation.guest.email,
      amr: ['otp'],
    });
    // everything of the tenant but its record shares one hash tag, so one master holds it
    const holders = [...(await tenantKeysByNode(tenant))]
      .filter(([, keys]) => keys.some((k) => k.includes('{')))
      .map(([port]) => port);
    expect(holders).toHaveLength(1);
  });

  it('a service client gets a token with client_credentials, and introspects it', async () => {
    const tenant = uniqueId('svc');
    await world.t.admin('POST', '/tenants', { id: tenant, displayName: tenant });
    const created = await world.t.admin('POST', `/tenants/${tenant}/clients`, {
      client_name: 'service',
      grant_types: ['client_credentials'],
    });
    expect(created.status).toBe(201);
    const token = await clientCredentials(tenant, created.body);
    expect(token).toMatchObject({ status: 200, body: { token_type: 'Bearer' } });
    const introspection = await postAsClient(world, tenant, 'token/introspection', created.body, {
      token: String(token.body.access_token),
    });
    expect(introspection.body).toMatchObject({ active: true });
  });

  it('lists tenants whose records live on different masters', async () => {
    const ids = Array.from({ length: 8 }, () => uniqueId('list'));
    for (const id of ids) {
      expect((await world.t.admin('POST', '/tenants', { id, displayName: `T ${id}` })).status).toBe(
        201,
      );
    }
    const masters = new Set(
      await Promise.all(ids.map((id) => cluster.masterOf(keySlot(`${prefix}tenant:${id}`)))),
    );
    expect(masters.size).toBeGreaterThan(1);

    const listed = await world.t.admin('GET', '/tenants');
    expect(listed.status).toBe(200);
    const mine = (listed.body as { id: string; displayName: string }[]).filter((t) =>
      ids.includes(t.id),
    );
    expect(mine.map((t) => t.id)).toEqual([...ids].sort());
    expect(mine.map((t) => t.displayName)).toEqual([...ids].sort().map((id) => `T ${id}`));

    // a page at a time: the same tenants in the same order, each page's records read across
    // the masters
    const all = (listed.body as { id: string }[]).map((t) => t.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `limit=2&cursor=${cursor}` : 'limit=2';
      const page = await world.t.admin('GET', `/tenants?${query}`);
      expect(page.status).toBe(200);
      const body = page.body as { items: { id: string }[]; next: string | null; total: number };
      expect(body.total).toBe(all.length);
      paged.push(...body.items.map((t) => t.id));
      cursor = body.next;
    } while (cursor);
    expect(paged).toEqual(all);
  });

  it('deleting a tenant leaves no key of it on any node', async () => {
    const tenant = uniqueId('gone');
    const rp = await relyingParty(world.t, tenant, {
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    });
    const invitation = await invite(world.t, tenant, `${uniqueId('guest')}@example.com`);
    const signIn = new SignIn(rp);
    await signIn.tokens(await passcodeSignIn(world, signIn, invitation.guest.email));
    await clientCredentials(tenant, { client_id: rp.clientId, client_secret: rp.clientSecret });
    const before = [...(await tenantKeysByNode(tenant)).values()].flat();
    // its record, clients, guest, sign-in log, sessions, grants, tokens…
    expect(before.length).toBeGreaterThan(8);

    expect((await world.t.admin('DELETE', `/tenants/${tenant}`)).status).toBe(204);

    expect(Object.fromEntries(await tenantKeysByNode(tenant))).toEqual(
      Object.fromEntries(cluster.ports.map((port) => [port, []])),
    );
    expect((await world.t.admin('GET', `/tenants/${tenant}`)).status).toBe(404);
    const listed = (await world.t.admin('GET', '/tenants')).body as { id: string }[];
    expect(listed.map((t) => t.id)).not.toContain(tenant);
  });
});
