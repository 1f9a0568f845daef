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
 * consent → token), counted at the store: commands sent in one tick of a `together` window go
 * as one pipeline and count once, a MULTI counts once. The scale issue's budget is 35 round
 * trips and 15 writes. A sign-in of a relying party already in use costs 29, 15 of them
 * writes; the first sign-in after a process started (or after the client changed) reads the
 * client once more. Of the 15 writes, 3 are the per-address limits (authorization requests,
 * Send code, code checks), 2 the passcode's own scripts, 1 the redemption, 1 the code's
 * consumption and 8 the held writes of the requests that write (one pipeline each): README
 * "Performance". Above the ceiling, this fails.
 */
const ceiling = { roundTrips: 35, writes: 15 };
/** what the first sign-in of a client costs more: reading it once */
const coldClient = 1;
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

/** round trips and writes of one complete sign-in of `email` */
async function signInTraffic(email: string) {
  const store = world.t.app.services.store as RedisStore;
  await invite(world.t, 'budget', email, { sendEmail: false });
  const signIn = new SignIn(rp);
  const before = { ...store.traffic };
  const callback = await passcodeSignIn(world, signIn, email);
  const tokens = await signIn.tokens(callback);
  expect(tokens.claims()?.email).toBe(email);
  return {
    roundTrips: store.traffic.roundTrips - before.roundTrips,
    writes: store.traffic.writes - before.writes,
  };
}

describe('Redis round trips per passcode sign-in', () => {
  it('stays within the budget, the first sign-in of a client reading it once more', async () => {
    const cold = await signInTraffic('first@example.com');
    const warm = await signInTraffic('second@example.com');
    expect(warm.roundTrips).toBeLessThanOrEqual(ceiling.roundTrips);
    expect(warm.writes).toBeLessThanOrEqual(ceiling.writes);
    expect(warm.writes).toBeGreaterThan(0);
    expect(cold.roundTrips).toBeLessThanOrEqual(ceiling.roundTrips + coldClient);
    expect(cold.writes).toBeLessThanOrEqual(ceiling.writes);
  });
});
