import { describe, expect, it } from '@jest/globals';
import type { Guest } from '../../../src/directory/guest.js';
import { Guests } from '../../../src/directory/guests.js';
import { holdingWrites } from '../../../src/store/held-writes.js';
import { createKeys } from '../../../src/store/keys.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { ManualClock } from '../../../src/util/clock.js';

const scope = 'acme:1';

async function invited() {
  const clock = new ManualClock(Date.parse('2026-11-28T08:00:00Z'));
  const store = new MemoryStore(clock);
  const keys = createKeys('gp:');
  const guests = new Guests(store, keys, clock);
  const { guest } = await guests.invite(scope, {
    email: 'ada@example.com',
    displayName: null,
    redirectUrl: 'https://app.example.com/',
  });
  return { store, keys, guests, guest };
}

describe("a guest's early read in a request", () => {
  it('is what the next find of the guest answers', async () => {
    const { store, keys, guests, guest } = await invited();
    const key = keys.guest(scope, guest.id);
    const found = await holdingWrites(store, async (held) => {
      held.readEarly(key, async () => JSON.stringify({ ...guest, displayName: 'read early' }));
      return guests.find(scope, guest.id);
    });
    expect(found?.displayName).toBe('read early');
  });

  it.each([
    ['a redemption', (g: Guests, guest: Guest) => g.redeemIfPending(scope, guest.id, 'otp')],
    [
      'a save',
      (g: Guests, guest: Guest) => g.saveIfExists(scope, { ...guest, displayName: 'saved' }),
    ],
    ['a deletion', (g: Guests, guest: Guest) => g.delete(scope, guest)],
  ])('is dropped by %s of the guest in the same request', async (_case, write) => {
    const { store, keys, guests, guest } = await invited();
    const key = keys.guest(scope, guest.id);
    const found = await holdingWrites(store, async (held) => {
      held.readEarly(key, async () => JSON.stringify({ ...guest, displayName: 'stale' }));
      await write(guests, guest);
      return guests.find(scope, guest.id);
    });
    expect(found?.displayName).not.toBe('stale');
  });
});
