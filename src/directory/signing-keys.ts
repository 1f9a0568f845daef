import { randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import type { Keys } from '../store/keys.js';
import { compareAndSet } from '../store/scripts/compare-and-set.js';
import type { Store } from '../store/store.js';
import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';
import type { SecretBox } from '../util/secret-box.js';
import { generateSigningKey, publicJwk } from '../util/signing-jwk.js';
import type { SigningAlg } from '../util/signing-jwk.js';

/** One key of a tenant as stored: the private part sealed, and the instants it is judged by. */
interface StoredKey {
  readonly kid: string;
  readonly alg: SigningAlg;
  readonly publicJwk: JWK;
  /** the private JWK, as JSON, sealed with the server secrets */
  readonly sealed: string;
  /** epoch milliseconds */
  readonly createdAt: number;
  /** when it starts signing (epoch milliseconds); it signs until the next key's activatesAt */
  readonly activatesAt: number;
}

interface StoredKeySet {
  readonly keys: readonly StoredKey[];
}

/**
 * - `next`: published, not signing yet (until its activatesAt);
 * - `active`: signs every new ID token;
 * - `retiring`: no longer signs, published until every token it signed has expired.
 * A key past that is withdrawn (no longer published) and dropped at the next rotation.
 */
export type SigningKeyState = 'next' | 'active' | 'retiring';

export interface SigningKeyView {
  readonly kid: string;
  readonly alg: SigningAlg;
  readonly state: SigningKeyState;
  readonly createdAt: string;
  readonly activatesAt: string;
  /** when a retiring key stops being published; null while it is next or active */
  readonly retiresAt: string | null;
  readonly publicJwk: JWK;
}

export interface SigningKeySettings {
  /** the algorithm of a tenant's first key (rotation keeps the current key's) */
  readonly alg: SigningAlg;
  /** seconds between publishing a rotated key and signing with it */
  readonly overlapSeconds: number;
  /** the longest a signed token lives (ID token TTL plus clock tolerance), seconds */
  readonly tokenLifetimeSeconds: number;
}

/** What a tenant's provider signs and verifies with at one instant. */
export interface ProviderKeys {
  /** changes whenever a key is published, starts signing or is withdrawn */
  readonly fingerprint: string;
  /** the signing key's algorithm: the default of the tenant's clients */
  readonly alg: SigningAlg;
  /** the private JWK Set: the signing key first, the others verify only (`key_ops`) */
  jwks(): { keys: JWK[] };
}

export type RotateResult =
  | { readonly rotated: SigningKeyView; readonly keys: SigningKeyView[] }
  | { readonly pending: SigningKeyView };

/** A key of the set with its state at one instant. */
interface Judged {
  readonly key: StoredKey;
  readonly state: SigningKeyState;
  readonly retiresAt: number | null;
}

/** attempts of a write that lost a race to another (a rotation on another process) */
const writeAttempts = 5;

/**
 * Each tenant's own signing keys (SIGNING_KEYS=tenant): generated with the tenant, the private
 * parts sealed, the public parts published in the tenant's JWKS with a `kid` that names the
 * tenant. A rotation publishes the next key at once, signs with it after the overlap, and keeps
 * the old key published until every token it signed has expired. Time comes from the clock:
 * a key's state is judged from its stored instants, so every process agrees without a timer.
 */
export class SigningKeys {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly box: SecretBox,
    private readonly settings: SigningKeySettings,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Creates the tenant's first key unless it has keys (at tenant creation, or on first use). */
  async ensure(scope: string, tenantId: string): Promise<void> {
    await this.#read(scope, tenantId);
  }

  /** The published keys (next, active, retiring), newest first. */
  async list(scope: string, tenantId: string): Promise<SigningKeyView[]> {
    const { set } = await this.#read(scope, tenantId);
    return this.#judge(set).map(view).reverse();
  }

  /**
   * Publishes a next key of the active key's algorithm, signing from `overlapSeconds` from now
   * (the setting unless told; 0 signs at once). Answers the pending key instead when one
   * is already waiting to sign.
   */
  async rotate(scope: string, tenantId: string, overlapSeconds?: number): Promise<RotateResult> {
    const overlap = overlapSeconds ?? this.settings.overlapSeconds;
    for (let attempt = 0; attempt < writeAttempts; attempt += 1) {
      const { raw, set } = await this.#read(scope, tenantId);
      const judged = this.#judge(set);
      const pending = judged.find((j) => j.state === 'next');
      if (pending) return { pending: view(pending) };
      const active = judged.find((j) => j.state === 'active');
      const now = this.clock.now();
      const added = await this.#newKey(tenantId, active?.key.alg ?? this.settings.alg, {
        createdAt: now,
        activatesAt: now + overlap * 1000,
      });
      // keys no longer published are dropped here, at the write
      const next: StoredKeySet = { keys: [...judged.map((j) => j.key), added] };
      if (await this.#write(scope, raw, next)) {
        const keys = this.#judge(next);
        const rotated = keys.find((j) => j.key.kid === added.kid);
        if (!rotated) throw new Error('the rotated key is not in the key set');
        return { rotated: view(rotated), keys: keys.map(view).reverse() };
      }
    }
    throw new Error(`tenant ${tenantId}: its signing keys kept changing during a rotation`);
  }

  /** What the tenant's provider signs and verifies with now. */
  async current(scope: string, tenantId: string): Promise<ProviderKeys> {
    const { set } = await this.#read(scope, tenantId);
    const judged = this.#judge(set);
    const ordered = [
      ...judged.filter((j) => j.state === 'active'),
      ...judged.filter((j) => j.state !== 'active'),
    ];
    const active = ordered[0];
    if (!active) throw new Error(`tenant ${tenantId} has no signing key`);
    const box = this.box;
    return {
      fingerprint: ordered.map((j) => `${j.key.kid}:${j.state}`).join(','),
      alg: active.key.alg,
      jwks() {
        return {
          keys: ordered.map((j) => {
            const opened = box.open(j.key.sealed);
            if (opened === undefined) {
              throw new Error(
                `tenant ${tenantId}: signing key ${j.key.kid} cannot be opened with COOKIE_SECRETS (keep every secret that sealed a live key)`,
              );
            }
            const jwk = JSON.parse(opened) as JWK;
            return j.state === 'active' ? jwk : { ...jwk, key_ops: ['verify'] };
          }),
        };
      },
    };
  }

  /** The stored set (creating the first key when there is none) and the text it was read as. */
  async #read(scope: string, tenantId: string): Promise<{ raw: string; set: StoredKeySet }> {
    for (let attempt = 0; attempt < writeAttempts; attempt += 1) {
      const raw = await this.store.get(this.keys.signingKeys(scope));
      if (raw) return { raw, set: JSON.parse(raw) as StoredKeySet };
      const now = this.clock.now();
      const first: StoredKeySet = {
        keys: [
          await this.#newKey(tenantId, this.settings.alg, { createdAt: now, activatesAt: now }),
        ],
      };
      // another process may have created them meanwhile: then read theirs
      if (await this.#write(scope, '', first)) return { raw: JSON.stringify(first), set: first };
    }
    throw new Error(`tenant ${tenantId}: its signing keys could not be created`);
  }

  async #write(scope: string, expected: string, next: StoredKeySet): Promise<boolean> {
    const reply = await this.store.run(
      compareAndSet,
      [this.keys.signingKeys(scope)],
      [expected, JSON.stringify(next)],
    );
    return reply === 1;
  }

  async #newKey(
    tenantId: string,
    alg: SigningAlg,
    times: { createdAt: number; activatesAt: number },
  ): Promise<StoredKey> {
    // the tenant's id in the kid: a kid is never shared by two tenants
    const day = new Date(times.createdAt).toISOString().slice(0, 10).replaceAll('-', '');
    const kid = `${tenantId}-${day}-${randomBytes(6).toString('base64url')}`;
    const jwk = await generateSigningKey(alg, kid);
    return {
      kid,
      alg,
      publicJwk: publicJwk(jwk),
      sealed: this.box.seal(JSON.stringify(jwk)),
      ...times,
    };
  }

  /**
   * Each key's state now, oldest first, without the withdrawn ones: the active key is the
   * newest whose activatesAt has come (the oldest key if none has: a clock set back); a key
   * before it retires once its successor has signed for a whole token lifetime.
   */
  #judge(set: StoredKeySet): Judged[] {
    const now = this.clock.now();
    const lifetime = this.settings.tokenLifetimeSeconds * 1000;
    const sorted = [...set.keys].sort((a, b) => a.activatesAt - b.activatesAt);
    const started = sorted.filter((k) => k.activatesAt <= now).length;
    const activeIndex = Math.max(0, started - 1);
    const judged: Judged[] = [];
    sorted.forEach((key, index) => {
      if (index === activeIndex) judged.push({ key, state: 'active', retiresAt: null });
      else if (index > activeIndex) judged.push({ key, state: 'next', retiresAt: null });
      else {
        const successor = sorted[index + 1];
        const retiresAt = (successor?.activatesAt ?? now) + lifetime;
        if (now < retiresAt) judged.push({ key, state: 'retiring', retiresAt });
      }
    });
    return judged;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

function view(judged: Judged): SigningKeyView {
  const { key, state, retiresAt } = judged;
  return {
    kid: key.kid,
    alg: key.alg,
    state,
    createdAt: iso(key.createdAt),
    activatesAt: iso(key.activatesAt),
    retiresAt: retiresAt === null ? null : iso(retiresAt),
    publicJwk: key.publicJwk,
  };
}
