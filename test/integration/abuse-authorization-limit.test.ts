import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/util/clock.js';
import { relyingParty, SignIn, startJourneyWorld } from '../support/guest-journey.js';
import type { JourneyWorld } from '../support/guest-journey.js';
import { heading } from '../support/http-browser.js';
import { testRedisUrl, uniqueId } from '../support/shared-state.js';

/**
 * Item 11: an unauthenticated authorization request stores an interaction (about 4 KB, kept
 * an hour). They are limited per client address (RATE_LIMIT_AUTHORIZATIONS_PER_IP per
 * RATE_LIMIT_AUTHORIZATION_WINDOW_SECONDS), so what one address can make Redis hold is
 * bounded, and the refusal is a proper page.
 */
const opened: JourneyWorld[] = [];
afterEach(async () => {
  for (const world of opened.splice(0)) await world.close();
});

async function limitedWorld(limit: number, clock = new ManualClock()) {
  const world = await startJourneyWorld(
    { RATE_LIMIT_AUTHORIZATIONS_PER_IP: String(limit) },
    { clock },
  );
  opened.push(world);
  const tenant = uniqueId('fabrikam');
  const rp = await relyingParty(world.t, tenant, { displayName: 'Fabrikam' });
  const authorize = async (accept = 'text/html', rpOf = rp) => {
    const response = await fetch(await new SignIn(rpOf).url(), {
      redirect: 'manual',
      headers: { accept },
    });
    return {
      status: response.status,
      headers: response.headers,
      body: await response.text(),
    };
  };
  return { world, tenant, rp, clock, authorize };
}

/** the oidc-provider interactions this app's Redis holds */
async function interactionsStored(world: JourneyWorld): Promise<number> {
  const redis = new Redis(testRedisUrl());
  try {
    const prefix = world.t.app.services.config.redisKeyPrefix;
    return (await redis.keys(`${prefix}*:oidc:Interaction:*`)).length;
  } finally {
    redis.disconnect();
  }
}

describe('authorization requests per client address', () => {
  it('stores one interaction per allowed request and none once the limit is reached', async () => {
    const { world, authorize } = await limitedWorld(5);
    const statuses = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await authorize()).status);
    expect(statuses).toEqual([...Array(5).fill(303), ...Array(7).fill(429)]);
    expect(await interactionsStored(world)).toBe(5);
  });

  it('the refusal is a proper page: its title, the organization, Retry-After, the strict headers', async () => {
    const { authorize } = await limitedWorld(1);
    expect((await authorize()).status).toBe(303);
    const refused = await authorize();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    expect(refused.headers.get('retry-after')).toBe('3600');
    expect(refused.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const page = { status: 429, url: '', html: refused.body, headers: refused.headers };
    expect(heading(page)).toBe('Too many sign-ins');
    expect(refused.body).toContain('<p class="org">Fabrikam</p>');
    expect(refused.body).toContain('role="alert"');
    expect(refused.body).toContain('Try again in 60 minutes');
    expect(refused.body).toContain('<code>rate_limited</code>');

    const json = await authorize('application/json');
    expect(json.status).toBe(429);
    expect(JSON.parse(json.body)).toEqual({
      error: 'rate_limited',
      error_description:
        'Too many sign-ins were started from your network. Try again in 60 minutes.',
    });
  });

  it('the limit is per address across every tenant (more tenants do not mean more room)', async () => {
    const { world, authorize } = await limitedWorld(2);
    const other = await relyingParty(world.t, uniqueId('contoso'), { displayName: 'Contoso' });
    expect((await authorize()).status).toBe(303);
    expect((await authorize('text/html', other)).status).toBe(303);
    expect((await authorize('text/html', other)).status).toBe(429);
    expect((await authorize()).status).toBe(429);
  });

  it('a new window (RATE_LIMIT_AUTHORIZATION_WINDOW_SECONDS, one hour) allows requests again', async () => {
    const { clock, authorize } = await limitedWorld(1);
    expect((await authorize()).status).toBe(303);
    expect((await authorize()).status).toBe(429);
    clock.advance(3599);
    expect((await authorize()).status).toBe(429);
    clock.advance(1);
    expect((await authorize()).status).toBe(303);
  });
});
