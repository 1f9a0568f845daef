import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RedisStore } from '../../src/store/redis-store.js';
import {
  invite,
  passcodeSignIn,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';

/**
 * Redis round trips of one whole passcode sign-in (authorize → pages → code → accept →
 * consent → token), counted at the store (a pipeline or MULTI counts once). The ceiling is
 * what a sign-in costs today: 88 round trips, 27 of them writes (the per-address limit on
 * authorization requests costs one of each, reading the tenant's SAML rules beside its OpenID
 * rules one read, queueing the code's mail for the courier one of each — instead of a call to
 * SendGrid in the request; the courier's own work runs on a connection of its own and is not
 * counted); the scale issue's budget is 35 and 15, and this ceiling comes down as that
 * work lands, so a regression fails here.
 */
const ceiling = { roundTrips: 88, writes: 27 };
let world: JourneyWorld;
let rp: RelyingParty;

beforeAll(async () => {
  world = await startJourneyWorld({
    RATE_LIMIT_SENDS_PER_IP: '100000',
    RATE_LIMIT_VERIFIES_PER_IP: '100000',
  });
  rp = await relyingParty(world.t, 'budget');
});
afterAll(async () => world?.close());

describe('Redis round trips per passcode sign-in', () => {
  it('stays within the ceiling', async () => {
    const store = world.t.app.services.store as RedisStore;
    await invite(world.t, 'budget', 'rt@example.com', { sendEmail: false });
    const signIn = new SignIn(rp);
    const before = { ...store.traffic };
    const callback = await passcodeSignIn(world, signIn, 'rt@example.com');
    await signIn.tokens(callback);
    const roundTrips = store.traffic.roundTrips - before.roundTrips;
    const writes = store.traffic.writes - before.writes;
    expect({ roundTrips, writes }).toEqual({
      roundTrips: expect.any(Number),
      writes: expect.any(Number),
    });
    expect(roundTrips).toBeLessThanOrEqual(ceiling.roundTrips);
    expect(writes).toBeLessThanOrEqual(ceiling.writes);
    expect(writes).toBeGreaterThan(0);
  });
});
