import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RedisStore } from '../../src/store/redis-store.js';
import { heading } from '../support/http-browser.js';
import { invite, relyingParty, SignIn, startJourneyWorld } from '../support/guest-journey.js';
import type { JourneyWorld } from '../support/guest-journey.js';
import { uniqueId } from '../support/shared-state.js';

/**
 * Two Guestpass processes on one Redis, each keeping tenants and clients in memory
 * (src/store/record-cache.ts): a change made through A applies to the very next request B
 * answers, though B had the record in memory.
 */
let a: JourneyWorld;
let b: JourneyWorld;

beforeAll(async () => {
  const shared = {
    REDIS_KEY_PREFIX: `cache-${randomBytes(4).toString('hex')}:`,
    COOKIE_SECRETS: 'k'.repeat(40),
  };
  a = await startJourneyWorld(shared);
  b = await startJourneyWorld(shared);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

const storeOf = (w: JourneyWorld) => w.t.app.services.store as RedisStore;

async function clientCredentials(w: JourneyWorld, tenant: string, client: Record<string, string>) {
  const response = await fetch(`${w.t.url}/${tenant}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  return response.status;
}

describe('tenants and clients kept in memory, changed through another process', () => {
  it('B reads a tenant once, then answers its pages from memory', async () => {
    const tenant = uniqueId('memo');
    const rp = await relyingParty(b.t, tenant);
    await new SignIn(rp).start();
    const before = storeOf(b).traffic.roundTrips;
    const first = await new SignIn(rp).start();
    // the authorization request stores its interaction and counts the address: two round
    // trips, no tenant or client read
    expect(heading(first)).toBe('Sign in');
    expect(storeOf(b).traffic.roundTrips - before).toBeLessThanOrEqual(3);
  });

  it('a rename through A shows on the next page B serves', async () => {
    const tenant = uniqueId('rename');
    const rpAtB = await relyingParty(b.t, tenant, { displayName: 'Before Corp' });
    expect((await new SignIn(rpAtB).start()).html).toContain('Before Corp');
    expect(
      (await a.t.admin('PATCH', `/tenants/${tenant}`, { displayName: 'After Corp' })).status,
    ).toBe(200);
    const page = await new SignIn(rpAtB).start();
    expect(page.html).toContain('After Corp');
    expect(page.html).not.toContain('Before Corp');
  });

  it('passcodes turned off through A: the next identify at B is refused', async () => {
    const tenant = uniqueId('policy');
    const rpAtB = await relyingParty(b.t, tenant);
    await invite(b.t, tenant, 'guest@example.com', { sendEmail: false });
    const before = new SignIn(rpAtB);
    const asked = await before.browser.submit(await before.start(), 'identify', {
      email: 'guest@example.com',
    });
    expect(heading(asked)).toBe('Verify your email');
    expect(
      (await a.t.admin('PUT', `/tenants/${tenant}/policy`, { emailOtp: { enabled: false } }))
        .status,
    ).toBe(200);
    const after = new SignIn(rpAtB);
    const refused = await after.browser.submit(await after.start(), 'identify', {
      email: 'guest@example.com',
    });
    expect(refused.status).toBe(403);
  });

  it('a client deleted through A is refused at B on its next token request', async () => {
    const tenant = uniqueId('client');
    expect((await a.t.admin('POST', '/tenants', { id: tenant, displayName: tenant })).status).toBe(
      201,
    );
    const created = await a.t.admin('POST', `/tenants/${tenant}/clients`, {
      client_name: 'service',
      grant_types: ['client_credentials'],
    });
    const client = created.body as Record<string, string>;
    expect(await clientCredentials(b, tenant, client)).toBe(200);
    expect(await clientCredentials(b, tenant, client)).toBe(200);
    expect(
      (await a.t.admin('DELETE', `/tenants/${tenant}/clients/${client.client_id}`)).status,
    ).toBe(204);
    expect(await clientCredentials(b, tenant, client)).toBe(401);
  });

  it('a tenant deleted through A is unknown at B on the next request', async () => {
    const tenant = uniqueId('gone');
    const rp = await relyingParty(b.t, tenant);
    expect(heading(await new SignIn(rp).start())).toBe('Sign in');
    expect((await a.t.admin('DELETE', `/tenants/${tenant}`)).status).toBe(204);
    const response = await fetch(`${b.t.url}/${tenant}/.well-known/openid-configuration`);
    expect(response.status).toBe(404);
  });
});
