import { endClientGrants } from '../store/end-client-grants.js';
import type { Keys } from '../store/keys.js';
import { consentForget, consentRemember } from '../store/scripts/consent.js';
import type { Store } from '../store/store.js';
import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';

/** What a guest allowed one client: remembered until revoked (or the guest is deleted or reset). */
export interface Consent {
  readonly clientId: string;
  /** the OpenID scopes allowed */
  readonly scopes: readonly string[];
  /** the OpenID claims allowed beyond the scopes' */
  readonly claims: readonly string[];
  /** resource indicator → the scopes allowed for it */
  readonly resources: Readonly<Record<string, readonly string[]>>;
  readonly grantedAt: string;
  readonly updatedAt: string;
}

/** What one consent adds (the consent page's answer). */
export type Allowed = Pick<Consent, 'scopes' | 'claims' | 'resources'>;

/** as the store keeps a consent: every list one space-separated string */
interface StoredConsent {
  readonly clientId: string;
  readonly scopes: string;
  readonly claims: string;
  readonly resources: Readonly<Record<string, string>>;
  readonly grantedAt: string;
  readonly updatedAt: string;
}

const words = (list: string) => list.split(' ').filter(Boolean);

function parse(json: string): Consent {
  const stored = JSON.parse(json) as StoredConsent;
  return {
    clientId: stored.clientId,
    scopes: words(stored.scopes),
    claims: words(stored.claims),
    resources: Object.fromEntries(
      Object.entries(stored.resources).map(([indicator, scopes]) => [indicator, words(scopes)]),
    ),
    grantedAt: stored.grantedAt,
    updatedAt: stored.updatedAt,
  };
}

/**
 * Remembered consent (as Keycloak's and Auth0's user consents): what a guest allowed each
 * client of the tenant, one hash per guest, so a guest who allowed a client is not asked
 * again in another browser (src/plugin/journey-configuration.ts turns it into that browser's
 * oidc-provider Grant). Kept until an admin revokes it, or the guest is deleted or reset.
 */
export class Consents {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly clock: Clock = systemClock,
  ) {}

  /** every consent of a guest, oldest first */
  async list(scope: string, guestId: string): Promise<Consent[]> {
    const fields = await this.store.hgetall(this.keys.consents(scope, guestId));
    return Object.values(fields)
      .map(parse)
      .sort(
        (a, b) => a.grantedAt.localeCompare(b.grantedAt) || a.clientId.localeCompare(b.clientId),
      );
  }

  /** what the guest allowed the client (one read) */
  async find(scope: string, guestId: string, clientId: string): Promise<Consent | undefined> {
    const json = (await this.store.hgetall(this.keys.consents(scope, guestId)))[clientId];
    return json ? parse(json) : undefined;
  }

  /**
   * Adds what the guest allowed now to what they allowed the client before, in one write;
   * false when the guest no longer exists (nothing is kept).
   */
  async remember(
    scope: string,
    guestId: string,
    clientId: string,
    allowed: Allowed,
  ): Promise<boolean> {
    const now = new Date(this.clock.now()).toISOString();
    const consent: StoredConsent = {
      clientId,
      scopes: allowed.scopes.join(' '),
      claims: allowed.claims.join(' '),
      resources: Object.fromEntries(
        Object.entries(allowed.resources).map(([indicator, scopes]) => [
          indicator,
          scopes.join(' '),
        ]),
      ),
      grantedAt: now,
      updatedAt: now,
    };
    const reply = await this.store.run(
      consentRemember,
      [this.keys.guest(scope, guestId), this.keys.consents(scope, guestId)],
      [clientId, JSON.stringify(consent)],
    );
    return reply === 1;
  }

  /**
   * Revokes the guest's consent to a client: forgets it, and ends the guest's grants for that
   * client with their tokens, so every browser asks again. false when there was nothing.
   */
  async revoke(scope: string, guestId: string, clientId: string): Promise<boolean> {
    const forgotten = await this.store.run(
      consentForget,
      [this.keys.consents(scope, guestId)],
      [clientId],
    );
    const ended = await endClientGrants(this.store, this.keys, scope, guestId, clientId);
    return forgotten === 1 || ended > 0;
  }

  /** Forgets every consent of a guest (deleted or reset); how many there were. */
  async forgetAll(scope: string, guestId: string): Promise<number> {
    const count = (await this.list(scope, guestId)).length;
    await this.store.del(this.keys.consents(scope, guestId));
    return count;
  }
}
