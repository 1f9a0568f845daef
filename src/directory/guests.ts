import { randomId } from '../util/random-id.js';
import type { Keys } from '../store/keys.js';
import type { Store } from '../store/store.js';
import { normalizeEmail } from './guest.js';
import type { Guest } from './guest.js';
import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';

/** The guests of one tenant scope, found by id or by (normalized) email. */
export class Guests {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly clock: Clock = systemClock,
  ) {}

  async find(scope: string, id: string): Promise<Guest | undefined> {
    const raw = await this.store.get(this.keys.guest(scope, id));
    return raw ? (JSON.parse(raw) as Guest) : undefined;
  }

  async findByEmail(scope: string, email: string): Promise<Guest | undefined> {
    const id = await this.store.get(this.keys.guestByEmail(scope, normalizeEmail(email)));
    return id ? this.find(scope, id) : undefined;
  }

  async list(scope: string): Promise<Guest[]> {
    const ids = await this.store.smembers(this.keys.guestIndex(scope));
    const raws = await this.store.mget(ids.map((id) => this.keys.guest(scope, id)));
    return raws
      .filter((r): r is string => r !== null)
      .map((r) => JSON.parse(r) as Guest)
      .sort((a, b) => a.invitedAt.localeCompare(b.invitedAt));
  }

  /** A new guest, or the existing one of that email (`created` says which). */
  async invite(
    scope: string,
    input: { email: string; displayName: string | null; redirectUrl: string },
  ): Promise<{ guest: Guest; created: boolean }> {
    const id = randomId(12);
    const emailKey = this.keys.guestByEmail(scope, normalizeEmail(input.email));
    if (!(await this.store.set(emailKey, id, { onlyIfAbsent: true }))) {
      const existing = await this.findByEmail(scope, input.email);
      if (existing) return { guest: existing, created: false };
      await this.store.set(emailKey, id);
    }
    const guest: Guest = {
      id,
      email: input.email.trim(),
      displayName: input.displayName,
      state: 'pendingAcceptance',
      authMethod: null,
      redirectUrl: input.redirectUrl,
      invitedAt: new Date(this.clock.now()).toISOString(),
      redeemedAt: null,
    };
    await this.store.set(this.keys.guest(scope, id), JSON.stringify(guest));
    await this.store.sadd(this.keys.guestIndex(scope), id);
    return { guest, created: true };
  }

  /** Redemption: the first successful sign-in records the method and the time. */
  async redeem(
    scope: string,
    guest: Guest,
    method: 'otp' | 'federation',
    federation?: Guest['federation'],
  ): Promise<Guest> {
    const redeemed: Guest = {
      ...guest,
      state: 'accepted',
      authMethod: method,
      ...(federation ? { federation } : {}),
      redeemedAt: new Date(this.clock.now()).toISOString(),
    };
    await this.store.set(this.keys.guest(scope, guest.id), JSON.stringify(redeemed));
    return redeemed;
  }

  async delete(scope: string, guest: Guest): Promise<void> {
    await this.store.del(
      this.keys.guest(scope, guest.id),
      this.keys.guestByEmail(scope, normalizeEmail(guest.email)),
    );
    await this.store.srem(this.keys.guestIndex(scope), guest.id);
  }
}
