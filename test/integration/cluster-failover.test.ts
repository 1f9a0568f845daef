import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { keySlot } from '../../src/store/key-slot.js';
import { heading, HttpBrowser } from '../support/http-browser.js';
import type { Page } from '../support/http-browser.js';
import {
  identifyAndSend,
  invite,
  isCallback,
  latestCode,
  passcodeSignIn,
  relyingParty,
  SignIn,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import type { TestCluster } from '../support/redis-cluster.js';
import { postAsClient, startClusterWorld } from '../support/redis-cluster-world.js';
import type { ClusterWorld } from '../support/redis-cluster-world.js';
import { uniqueId } from '../support/shared-state.js';

/**
 * What a guest sees while one master of the cluster is down (README "Redis Cluster"). This
 * file stops a master, so it owns a cluster of its own; `durable`: a master that comes back
 * has its data (an append-only file), as a production master would.
 */
let started: ClusterWorld;
let cluster: TestCluster;
let world: JourneyWorld;
let prefix: string;

beforeAll(async () => {
  // TRUST_PROXY: each guest comes from an address of its own (X-Forwarded-For)
  started = await startClusterWorld({
    durable: true,
    nodeTimeoutMs: 1000,
    env: { TRUST_PROXY: 'true' },
  });
  ({ cluster, world, prefix } = started);
});
afterAll(async () => started?.close());

/** a request, with how long it took */
async function timed<T>(request: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await request();
  return { value, ms: performance.now() - start };
}

const clientCredentials = (tenant: string, rp: RelyingParty) =>
  postAsClient(
    world,
    tenant,
    'token',
    { client_id: rp.clientId, client_secret: rp.clientSecret },
    { grant_type: 'client_credentials' },
  );

/** the master holding each key of the prefix that matches `test` */
async function mastersOf(test: (key: string) => boolean): Promise<Set<number>> {
  const found = new Set<number>();
  for (const [port, keys] of await cluster.keysByNode(`${prefix}*`))
    if (keys.some(test)) found.add(port);
  return found;
}

interface Candidate {
  id: string;
  rp: RelyingParty;
  email: string;
  /** the masters of its record and of its `{id:instance}` keys */
  masters: Set<number>;
}

/** a tenant with a relying party (client_credentials too) and an invited guest */
async function candidate(): Promise<Candidate> {
  const id = uniqueId('fo');
  const rp = await relyingParty(world.t, id, {
    grantTypes: ['authorization_code', 'client_credentials'],
  });
  const email = `${uniqueId('guest')}@example.com`;
  await invite(world.t, id, email);
  const scope = await mastersOf((k) => k.startsWith(`${prefix}{${id}:`));
  const record = await cluster.masterOf(keySlot(`${prefix}tenant:${id}`));
  return { id, rp, email, masters: new Set([...scope, record]) };
}

/** a browser of a guest at `ip` (through the trusted proxy) */
const from = (ip: string) => new HttpBrowser(() => ({ 'x-forwarded-for': ip }));

/**
 * The keys of the per-IP windows (rate-window:*) a passcode sign-in touches, with the guest's
 * address left out: what `ip` is appended to.
 */
async function windowKeysOfASignIn(tenant: Candidate): Promise<string[]> {
  const ip = '10.1.0.1';
  const email = `${uniqueId('warm')}@example.com`;
  await invite(world.t, tenant.id, email);
  await passcodeSignIn(world, new SignIn(tenant.rp, from(ip)), email);
  const keys = [...(await cluster.keysByNode(`${prefix}rate-window:*`)).values()].flat();
  const windows = keys.filter((k) => k.endsWith(`:${ip}`)).map((k) => k.slice(0, -ip.length));
  expect(windows.length).toBeGreaterThan(0);
  return windows;
}

/** an address whose windows (`windowKeys` + the address) all live on masters other than `down` */
async function addressAwayFrom(down: number, windowKeys: string[]): Promise<string> {
  for (let i = 1; ; i += 1) {
    const ip = `10.2.${i >> 8}.${i & 255}`;
    const masters = await Promise.all(windowKeys.map((k) => cluster.masterOf(keySlot(k + ip))));
    if (!masters.includes(down)) return ip;
  }
}

/** Polls (no fixed sleep) until `check` holds, for at most `withinMs`. */
async function until(check: () => Promise<boolean>, withinMs = 15_000) {
  const deadline = performance.now() + withinMs;
  let pause = 20;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 2, 250);
  }
}

describe('a Redis Cluster with one master down', () => {
  it('its tenants answer 503 at once (never 500), the others keep signing in, and all resume when it returns', async () => {
    // a tenant with keys on the master to stop, and one with none there
    const affected = await candidate();
    const down = [...affected.masters][0]!;
    let spared = await candidate();
    while (spared.masters.has(down)) spared = await candidate();
    // a guest of the spared tenant comes from an address whose per-IP windows (which every
    // Send code and code check needs) are not on that master either
    const address = await addressAwayFrom(down, await windowKeysOfASignIn(spared));

    // a guest of the affected tenant is on the first page when the master goes
    const guest = new SignIn(affected.rp);
    const identify = await guest.start();
    expect(heading(identify)).toBe('Sign in');

    await cluster.stopNode(down);

    // the affected tenant: its page says the service is unavailable, its APIs answer 503 —
    // at once (the dead master refuses connections: no timeout is waited for), never 500
    const page = await timed(() =>
      guest.browser.submit(identify, 'identify', { email: affected.email }),
    );
    expect(page.value.status).toBe(503);
    expect(heading(page.value)).toBe('Service unavailable');
    const token = await timed(() => clientCredentials(affected.id, affected.rp));
    expect(token.value).toMatchObject({ status: 503, body: { error: 'temporarily_unavailable' } });
    // the provider's own endpoints too, where its adapter reads the client or a session
    const authorize = await timed(async () => new SignIn(affected.rp).start());
    expect(authorize.value.status).toBe(503);
    expect(authorize.value.html).toContain('temporarily_unavailable');
    const guests = await timed(() => world.t.admin('GET', `/tenants/${affected.id}/guests`));
    expect(guests.value.status).toBe(503);
    expect(Math.max(page.ms, token.ms, authorize.ms, guests.ms)).toBeLessThan(1000);
    // the process is ready: some master answers (an outage of one is every process's alike)
    expect((await fetch(`${world.t.url}/readyz`)).status).toBe(200);

    // the spared tenant: a whole sign-in and a service token
    const spareSignIn = new SignIn(spared.rp, from(address));
    const callback = await passcodeSignIn(world, spareSignIn, spared.email);
    expect((await spareSignIn.tokens(callback)).claims()?.email).toBe(spared.email);
    expect((await clientCredentials(spared.id, spared.rp)).status).toBe(200);

    // still so once the other masters have agreed that it failed (cluster-node-timeout):
    // with cluster-require-full-coverage no they go on serving their own slots
    const survivor = cluster.ports.find((port) => port !== down)!;
    await until(async () => {
      const node = cluster.client(survivor);
      try {
        const nodes = String(await node.call('CLUSTER', 'NODES'));
        return nodes
          .split('\n')
          .some((line) => line.includes(`:${down}@`) && /\bfail\b/.test(line));
      } finally {
        node.disconnect();
      }
    });
    expect((await clientCredentials(spared.id, spared.rp)).status).toBe(200);
    expect((await clientCredentials(affected.id, affected.rp)).status).toBe(503);

    // the master returns: the guest goes on from the page they were on, no Guestpass restart
    await cluster.startNode(down);
    await until(
      async () => (await world.t.admin('GET', `/tenants/${affected.id}/guests`)).status === 200,
    );
    const enter: Page = await identifyAndSend(guest.browser, identify, affected.email);
    expect(heading(enter)).toBe('Enter code');
    let next = await guest.browser.submit(
      enter,
      'verify',
      { code: await latestCode(world.sendgrid, affected.email) },
      isCallback,
    );
    if (heading(next) === 'Accept invitation')
      next = await guest.browser.submit(next, 'accept', { decision: 'accept' }, isCallback);
    if (heading(next) === 'Allow access?')
      next = await guest.browser.submit(next, 'consent', { decision: 'allow' }, isCallback);
    expect((await guest.tokens(next.url)).claims()?.email).toBe(affected.email);
  });
});
