import { createHash, randomBytes } from 'node:crypto';
import type { Keys } from '../store/keys.js';
import type { Store } from '../store/store.js';
import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';

export interface Invitation {
  readonly guestId: string;
  readonly createdAt: string;
  /** when the link stops working (judged by the clock; the store deletes it then too) */
  readonly expiresAt: string;
}

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Redemption links: an unguessable token (256 bits) in the URL, stored only as its SHA-256,
 * expiring after the configured time (judged by the clock). Several links of one guest may
 * be live (resends).
 */
export class Invitations {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly ttlSeconds: number,
    private readonly clock: Clock = systemClock,
  ) {}

  async create(scope: string, guestId: string): Promise<string> {
    const { token, key, value } = this.#link(scope, guestId);
    await this.store.set(key, value, { ttlSeconds: this.ttlSeconds });
    return token;
  }

  /** `create` for many guests in one round trip; the tokens in the order of `guestIds` */
  async createMany(scope: string, guestIds: readonly string[]): Promise<string[]> {
    const links = guestIds.map((guestId) => this.#link(scope, guestId));
    await this.store.setMany(
      links.map(({ key, value }) => ({ key, value, ttlSeconds: this.ttlSeconds })),
    );
    return links.map((link) => link.token);
  }

  #link(scope: string, guestId: string) {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const invitation: Invitation = {
      guestId,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.ttlSeconds * 1000).toISOString(),
    };
    return {
      token,
      key: this.keys.invitation(scope, hash(token)),
      value: JSON.stringify(invitation),
    };
  }

  /** the invitation of a link, while it has not expired */
  async find(scope: string, token: string): Promise<Invitation | undefined> {
    if (!/^[\w-]{43}$/.test(token)) return undefined;
    const raw = await this.store.get(this.keys.invitation(scope, hash(token)));
    if (!raw) return undefined;
    const invitation = JSON.parse(raw) as Partial<Invitation> & { guestId: string };
    // a link stored before expiresAt was recorded lives by its TTL alone
    if (invitation.expiresAt && Date.parse(invitation.expiresAt) <= this.clock.now())
      return undefined;
    return invitation as Invitation;
  }
}
