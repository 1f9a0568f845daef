import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { tenantScope } from '../../src/directory/tenant.js';
import { ManualClock } from '../../src/util/clock.js';
import {
  invite,
  passcodeSignIn,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { HttpBrowser } from '../support/http-browser.js';
import { cliFor } from '../support/run-cli.js';
import { startTestApp } from '../support/test-app.js';

/**
 * Issue 10 item 2: with SIGNING_KEYS=tenant each tenant signs with its own keys, made with the
 * tenant, stored sealed, published in its JWKS only; rotation publishes the next key, signs
 * with it after the overlap, and withdraws the old key once every token it signed expired.
 */
const overlapSeconds = 86400;
/** the ID token lifetime (an hour) plus the clock tolerance (5 s) */
const tokenLifetimeSeconds = 3605;

let world: JourneyWorld;
const clock = new ManualClock();

beforeAll(async () => {
  world = await startJourneyWorld(
    { SIGNING_KEYS: 'tenant', SIGNING_KEY_OVERLAP_SECONDS: String(overlapSeconds) },
    { clock },
  );
});
afterAll(async () => world.close());

interface KeyView {
  kid: string;
  alg: string;
  state: string;
  activatesAt: string;
  retiresAt: string | null;
  publicJwk: Record<string, unknown>;
}

const jwksOf = async (tenant: string) =>
  (await (await fetch(`${world.t.url}/${tenant}/jwks`)).json()) as JSONWebKeySet;
const kidsOf = async (tenant: string) => (await jwksOf(tenant)).keys.map((k) => k.kid);
const keysOf = async (tenant: string) =>
  (await world.t.admin('GET', `/tenants/${tenant}/keys`)).body as { mode: string; keys: KeyView[] };

/** a signed-in guest of the tenant: each `idToken()` is a new sign-in on the same session */
async function guestOf(tenant: string) {
  const rp = await relyingParty(world.t, tenant);
  const email = `guest@${tenant}.example`;
  await invite(world.t, tenant, email);
  const browser = new HttpBrowser();
  return {
    rp,
    async idToken(): Promise<string> {
      const signIn = new SignIn(rp, browser);
      const callback = await passcodeSignIn(world, signIn, email);
      return (await signIn.tokens(callback)).id_token ?? '';
    },
  };
}

const kidOf = (token: string) => decodeProtectedHeader(token).kid;

describe("each tenant's own signing keys", () => {
  let alpha: { rp: RelyingParty; idToken(): Promise<string> };

  beforeAll(async () => {
    alpha = await guestOf('alpha');
    await relyingParty(world.t, 'beta');
  });

  it('a tenant gets its own active key at creation, with a kid naming the tenant, published in its JWKS only', async () => {
    const listed = await keysOf('alpha');
    expect(listed.mode).toBe('tenant');
    expect(listed.keys).toEqual([
      expect.objectContaining({ alg: 'RS256', state: 'active', retiresAt: null }),
    ]);
    const [key] = listed.keys;
    expect(key?.kid).toMatch(/^alpha-\d{8}-[\w-]{8}$/);
    expect(key?.publicJwk).toMatchObject({ kty: 'RSA', kid: key?.kid, alg: 'RS256' });
    expect(key?.publicJwk).not.toHaveProperty('d');
    expect(await kidsOf('alpha')).toEqual([key?.kid]);
    const beta = await kidsOf('beta');
    expect(beta).toHaveLength(1);
    expect(beta).not.toContain(key?.kid);
  });

  it("alpha's ID token verifies against alpha's JWKS and not against beta's", async () => {
    const token = await alpha.idToken();
    expect(kidOf(token)).toBe((await kidsOf('alpha'))[0]);
    await expect(
      jwtVerify(token, createLocalJWKSet(await jwksOf('alpha')), { audience: alpha.rp.clientId }),
    ).resolves.toBeDefined();
    await expect(jwtVerify(token, createLocalJWKSet(await jwksOf('beta')))).rejects.toMatchObject({
      code: 'ERR_JWKS_NO_MATCHING_KEY',
    });
  });

  it('the private key is stored sealed: the stored record holds no private JWK member', async () => {
    const tenant = await world.t.app.services.tenants.find('alpha');
    const raw =
      (await world.t.app.services.store.get(
        world.t.app.services.keys.signingKeys(tenantScope(tenant!)),
      )) ?? '';
    const stored = JSON.parse(raw) as { keys: { sealed: string; publicJwk: object }[] };
    expect(stored.keys).toHaveLength(1);
    expect(stored.keys[0]?.sealed).toMatch(/^v1\./);
    expect(raw).not.toMatch(/"(d|p|q|dp|dq|qi)":/);
  });

  it('a tenant deleted and created again gets a new key', async () => {
    await world.t.admin('POST', '/tenants', { id: 'phoenix', displayName: 'Phoenix' });
    const before = await kidsOf('phoenix');
    expect((await world.t.admin('DELETE', '/tenants/phoenix')).status).toBe(204);
    await world.t.admin('POST', '/tenants', { id: 'phoenix', displayName: 'Phoenix' });
    const after = await kidsOf('phoenix');
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
  });
});

describe('rotation', () => {
  it('publishes the next key at once, signs with it after the overlap, and withdraws the old one once its tokens expired', async () => {
    const guest = await guestOf('rotating');
    const first = kidOf(await guest.idToken());

    const rotated = await world.t.admin('POST', '/tenants/rotating/keys/rotate');
    expect(rotated.status).toBe(201);
    const next = rotated.body.rotated as string;
    expect(next).not.toBe(first);
    expect(rotated.body.keys).toEqual([
      expect.objectContaining({
        kid: next,
        state: 'next',
        activatesAt: new Date(clock.now() + overlapSeconds * 1000).toISOString(),
      }),
      expect.objectContaining({ kid: first, state: 'active' }),
    ]);
    // published at once (verify only), so relying parties' caches have it before it signs
    const published = await jwksOf('rotating');
    expect(published.keys.map((k) => k.kid)).toEqual([first, next]);
    expect(published.keys.find((k) => k.kid === next)?.key_ops).toEqual(['verify']);
    const oldToken = await guest.idToken();
    expect(kidOf(oldToken)).toBe(first);

    // the overlap is over: the next key signs, the old one stays published
    clock.advance(overlapSeconds);
    const newToken = await guest.idToken();
    expect(kidOf(newToken)).toBe(next);
    const during = await keysOf('rotating');
    expect(during.keys).toEqual([
      expect.objectContaining({ kid: next, state: 'active' }),
      expect.objectContaining({
        kid: first,
        state: 'retiring',
        retiresAt: new Date(clock.now() + tokenLifetimeSeconds * 1000).toISOString(),
      }),
    ]);
    await expect(
      jwtVerify(oldToken, createLocalJWKSet(await jwksOf('rotating'))),
    ).resolves.toBeDefined();

    // one second before every token of the old key has expired it is still there; then gone
    clock.advance(tokenLifetimeSeconds - 1);
    expect(await kidsOf('rotating')).toEqual([next, first]);
    clock.advance(1);
    expect(await kidsOf('rotating')).toEqual([next]);
    expect((await keysOf('rotating')).keys.map((k) => k.kid)).toEqual([next]);
    await expect(
      jwtVerify(newToken, createLocalJWKSet(await jwksOf('rotating'))),
    ).resolves.toBeDefined();
  });

  it('a second rotation while a key waits to sign is refused (409) naming that key and when it signs', async () => {
    await world.t.admin('POST', '/tenants', { id: 'twice', displayName: 'Twice' });
    const first = await world.t.admin('POST', '/tenants/twice/keys/rotate', {});
    expect(first.status).toBe(201);
    const again = await world.t.admin('POST', '/tenants/twice/keys/rotate');
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      error: 'conflict',
      error_description: expect.stringContaining(
        `key ${first.body.rotated} signs from ${new Date(clock.now() + overlapSeconds * 1000).toISOString()}`,
      ),
    });
  });

  it('overlapSeconds 0 signs with the new key at once (a compromised key)', async () => {
    await world.t.admin('POST', '/tenants', { id: 'urgent', displayName: 'Urgent' });
    const [old] = await kidsOf('urgent');
    const rotated = await world.t.admin('POST', '/tenants/urgent/keys/rotate', {
      overlapSeconds: 0,
    });
    expect(rotated.status).toBe(201);
    expect(rotated.body.keys).toEqual([
      expect.objectContaining({ kid: rotated.body.rotated, state: 'active' }),
      expect.objectContaining({ kid: old, state: 'retiring' }),
    ]);
    expect(await kidsOf('urgent')).toEqual([rotated.body.rotated, old]);
  });

  it.each<[unknown, string]>([
    [{ overlapSeconds: -1 }, 'overlapSeconds: must be at least 0'],
    [{ overlapSeconds: 1.5 }, 'overlapSeconds: must be a whole number of seconds'],
    [{ overlapSeconds: '60' }, 'overlapSeconds: must be a number of seconds'],
    [{ overlapSeconds: 31 * 86400 }, 'overlapSeconds: must be at most 2592000 seconds (30 days)'],
    [{ overlap: 60 }, 'body'],
  ])('refuses the rotation body %j with 400 naming the field', async (body, description) => {
    await world.t.admin('POST', '/tenants', { id: 'picky', displayName: 'Picky' });
    const refused = await world.t.admin('POST', '/tenants/picky/keys/rotate', body);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_request');
    expect(refused.body.error_description).toContain(description);
    expect((await keysOf('picky')).keys).toHaveLength(1);
  });

  it('the CLI lists and rotates a tenant’s keys', async () => {
    await world.t.admin('POST', '/tenants', { id: 'cli-keys', displayName: 'CLI' });
    const cli = cliFor(world.t.url, world.t.adminToken);
    const [kid] = await kidsOf('cli-keys');
    const listed = await cli(['keys', 'list', 'cli-keys']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('cli-keys signs with its own keys.');
    expect(listed.stdout).toMatch(new RegExp(`${kid}\\s+RS256\\s+active`));

    const rotated = await cli(['keys', 'rotate', 'cli-keys', '--overlap', '600']);
    expect(rotated.code).toBe(0);
    const next = (await kidsOf('cli-keys')).find((k) => k !== kid) ?? '';
    expect(rotated.stdout).toContain(
      `Published key ${next} (RS256) for cli-keys; it signs from ${new Date(clock.now() + 600_000).toISOString()}.`,
    );
    const json = await cli(['keys', 'list', 'cli-keys', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      mode: 'tenant',
      keys: [
        { kid: next, state: 'next' },
        { kid, state: 'active' },
      ],
    });
    const again = await cli(['keys', 'rotate', 'cli-keys']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('a rotation is under way');
  });
});

describe('SIGNING_KEYS=deployment (the default): every tenant signs with the JWKS_PATH keys', () => {
  it('lists the deployment keys and refuses a rotation (409) saying what to do', async () => {
    const t = await startTestApp();
    try {
      await t.admin('POST', '/tenants', { id: 'one', displayName: 'One' });
      await t.admin('POST', '/tenants', { id: 'two', displayName: 'Two' });
      const listed = await t.admin('GET', '/tenants/one/keys');
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual({
        mode: 'deployment',
        keys: [expect.objectContaining({ alg: 'RS256', state: 'active' })],
      });
      expect(listed.body.keys[0].publicJwk).not.toHaveProperty('d');
      const one = (await (await fetch(`${t.url}/one/jwks`)).json()) as JSONWebKeySet;
      const two = (await (await fetch(`${t.url}/two/jwks`)).json()) as JSONWebKeySet;
      expect(one).toEqual(two);
      const refused = await t.admin('POST', '/tenants/one/keys/rotate');
      expect(refused.status).toBe(409);
      expect(refused.body.error_description).toContain('SIGNING_KEYS=deployment');
    } finally {
      await t.close();
    }
  });
});

describe('SIGNING_KEY_ALG: tenant keys of another type', () => {
  it('an EdDSA tenant publishes an Ed25519 key, advertises EdDSA, and rotates to another EdDSA key', async () => {
    const t = await startTestApp({ SIGNING_KEYS: 'tenant', SIGNING_KEY_ALG: 'EdDSA' });
    try {
      await t.admin('POST', '/tenants', { id: 'edwards', displayName: 'Edwards' });
      const discovery = (await (
        await fetch(`${t.url}/edwards/.well-known/openid-configuration`)
      ).json()) as Record<string, unknown>;
      expect(discovery.id_token_signing_alg_values_supported).toEqual(['EdDSA']);
      const created = await t.admin('POST', '/tenants/edwards/clients', {
        client_name: 'App',
        redirect_uris: ['https://app.example/cb'],
      });
      expect(created.status).toBe(201);
      const rotated = await t.admin('POST', '/tenants/edwards/keys/rotate');
      expect(rotated.body.keys).toEqual([
        expect.objectContaining({ alg: 'EdDSA', state: 'next' }),
        expect.objectContaining({ alg: 'EdDSA', state: 'active' }),
      ]);
      const jwks = (await (await fetch(`${t.url}/edwards/jwks`)).json()) as JSONWebKeySet;
      expect(jwks.keys.map((k) => [k.kty, k.crv, k.alg])).toEqual([
        ['OKP', 'Ed25519', 'EdDSA'],
        ['OKP', 'Ed25519', 'EdDSA'],
      ]);
    } finally {
      await t.close();
    }
  });
});
