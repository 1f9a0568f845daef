import { createHash, randomBytes } from 'node:crypto';
import type { Keys } from '../store/keys.js';
import type { Store } from '../store/store.js';
import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';

export interface Invitation {
  readonly guestId: string;
  readonly createdAt: string;
}

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Redemption links: an unguessable token (256 bits) in the URL, stored only as its SHA-256,
 * expiring after the configured time. Several links of one guest may be live (resends).
 */
export class Invitations {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly ttlSeconds: number,
    private readonly clock: Clock = systemClock,
  ) {}

  async create(scope: string, guestId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const invitation: Invitation = { guestId, createdAt: new Date(this.clock.now()).toISOString() };
    await this.store.set(this.keys.invitation(scope, hash(token)), JSON.stringify(invitation), {
      ttlSeconds: this.ttlSeconds,
    });
    return token;
  }

  async find(scope: string, token: string): Promise<Invitation | undefined> {
    if (!/^[\w-]{43}$/.test(token)) return undefined;
    const raw = await this.store.get(this.keys.invitation(scope, hash(token)));
    return raw ? (JSON.parse(raw) as Invitation) : undefined;
  }
}
