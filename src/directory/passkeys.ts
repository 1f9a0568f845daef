import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Keys } from '../store/keys.js';
import { passkeyAdd, passkeyRemove, passkeyUse } from '../store/scripts/passkey.js';
import type { Store } from '../store/store.js';
import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';
import { derivedKey } from '../util/derived-key.js';

/** A guest's passkey (a WebAuthn credential), as stored and as the admin API shows it. */
export interface Passkey {
  /** the credential id (base64url) */
  readonly id: string;
  /** the COSE public key (base64url) */
  readonly publicKey: string;
  readonly transports: readonly string[];
  /** 'singleDevice' or 'multiDevice' (synced) */
  readonly deviceType: string;
  readonly backedUp: boolean;
  readonly createdAt: string;
  /** the authenticator's signature counter (0: it keeps none) */
  readonly counter: number;
  readonly lastUsedAt: string;
}

/** What the admin API shows of a passkey (never its public key). */
export function passkeyView({
  id,
  createdAt,
  lastUsedAt,
  deviceType,
  backedUp,
  transports,
}: Passkey) {
  return { id, createdAt, lastUsedAt, deviceType, backedUp, transports };
}

/** What a challenge was issued for: registering a passkey or signing in with one. */
export interface ChallengeFor {
  readonly purpose: 'register' | 'sign-in';
  /** the guest id (register) or the interaction uid (sign-in) */
  readonly subject: string;
}

const hashOf = (challenge: string) => createHash('sha256').update(challenge).digest('base64url');

const sealOf = (secret: string, scope: string, issued: ChallengeFor, body: Buffer) =>
  createHmac('sha256', derivedKey(secret, 'passkey-challenge'))
    .update(`${scope}\0${issued.purpose}\0${issued.subject}\0`)
    .update(body)
    .digest()
    .subarray(0, 16);

/**
 * Passkeys of the guests of one tenant scope. A credential is bound to one guest of one
 * tenant (the credential index is written only if absent); a sign-in records the
 * authenticator's signature counter only when it grew; challenges are sealed, single-use (a
 * marker written only if absent) and expire (judged against the clock).
 */
export class Passkeys {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly clock: Clock = systemClock,
  ) {}

  async list(scope: string, guestId: string): Promise<Passkey[]> {
    const fields = await this.store.hgetall(this.keys.passkeys(scope, guestId));
    return Object.keys(fields)
      .filter((field) => !field.includes(':'))
      .map((id) => {
        const stored = JSON.parse(fields[id]!) as Omit<Passkey, 'counter' | 'lastUsedAt'>;
        return {
          ...stored,
          counter: Number(fields[`counter:${id}`] ?? 0),
          lastUsedAt: new Date(Number(fields[`used:${id}`] ?? 0)).toISOString(),
        };
      })
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** The guest a credential is bound to in this tenant, and the passkey. */
  async find(
    scope: string,
    credentialId: string,
  ): Promise<{ guestId: string; passkey: Passkey } | undefined> {
    const guestId = await this.store.get(this.keys.passkeyCredential(scope, credentialId));
    if (!guestId) return undefined;
    const passkey = (await this.list(scope, guestId)).find((p) => p.id === credentialId);
    return passkey && { guestId, passkey };
  }

  /** 'added'; 'no-guest' when the guest was deleted; 'taken' when the credential is bound already. */
  async add(
    scope: string,
    guestId: string,
    passkey: Omit<Passkey, 'createdAt' | 'lastUsedAt'>,
  ): Promise<'added' | 'no-guest' | 'taken'> {
    const now = this.clock.now();
    const { counter, ...stored } = passkey;
    const reply = await this.store.run(
      passkeyAdd,
      [
        this.keys.guest(scope, guestId),
        this.keys.passkeys(scope, guestId),
        this.keys.passkeyCredential(scope, passkey.id),
      ],
      [
        guestId,
        passkey.id,
        JSON.stringify({ ...stored, createdAt: new Date(now).toISOString() }),
        counter,
        now,
      ],
    );
    return reply === 1 ? 'added' : reply === 0 ? 'no-guest' : 'taken';
  }

  /** Records a sign-in: 'recorded', 'missing', or 'replayed' when the counter did not grow. */
  async use(
    scope: string,
    guestId: string,
    credentialId: string,
    counter: number,
  ): Promise<'recorded' | 'missing' | 'replayed'> {
    const reply = await this.store.run(
      passkeyUse,
      [this.keys.passkeys(scope, guestId)],
      [credentialId, counter, this.clock.now()],
    );
    return reply === 1 ? 'recorded' : reply === 0 ? 'missing' : 'replayed';
  }

  async remove(scope: string, guestId: string, credentialId: string): Promise<boolean> {
    const reply = await this.store.run(
      passkeyRemove,
      [this.keys.passkeys(scope, guestId), this.keys.passkeyCredential(scope, credentialId)],
      [credentialId, guestId],
    );
    return reply === 1;
  }

  /** Removes every passkey of a guest (the guest is deleted). */
  async removeAll(scope: string, guestId: string): Promise<number> {
    let removed = 0;
    for (const passkey of await this.list(scope, guestId)) {
      if (await this.remove(scope, guestId, passkey.id)) removed += 1;
    }
    await this.store.del(this.keys.passkeys(scope, guestId));
    return removed;
  }

  /**
   * A fresh challenge (base64url) for `ttlSeconds`: its expiry and 128 random bits, sealed
   * (HMAC-SHA256, a key derived from the first server secret) with the scope, purpose and
   * subject. Nothing is stored until it is answered, so showing a page that may use a passkey
   * costs no Redis write.
   */
  issueChallenge(
    scope: string,
    issued: ChallengeFor,
    ttlSeconds: number,
    secrets: readonly string[],
  ): string {
    const body = Buffer.alloc(24);
    body.writeBigUInt64BE(BigInt(this.clock.now() + ttlSeconds * 1000));
    randomBytes(16).copy(body, 8);
    return Buffer.concat([body, sealOf(secrets[0] ?? '', scope, issued, body)]).toString(
      'base64url',
    );
  }

  /**
   * Takes a challenge (once): true when it was sealed here (under any current secret:
   * rotation) for this scope, purpose and subject, has not expired, and was not taken before
   * (a marker written only if absent, kept until the challenge would have expired).
   */
  async takeChallenge(
    scope: string,
    challenge: string,
    expected: ChallengeFor,
    secrets: readonly string[],
  ): Promise<boolean> {
    if (!/^[\w-]{54}$/.test(challenge)) return false;
    const raw = Buffer.from(challenge, 'base64url');
    const body = raw.subarray(0, 24);
    const seal = raw.subarray(24);
    const sealed = secrets.some((secret) =>
      timingSafeEqual(seal, sealOf(secret, scope, expected, body)),
    );
    const expiresAt = Number(body.readBigUInt64BE(0));
    if (!sealed || this.clock.now() >= expiresAt) return false;
    return this.store.set(this.keys.passkeyChallenge(scope, hashOf(challenge)), '1', {
      ttlSeconds: Math.ceil((expiresAt - this.clock.now()) / 1000) + 5,
      onlyIfAbsent: true,
    });
  }
}
