import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { randomId } from '../util/random-id.js';
import type { Keys } from '../store/keys.js';
import type { Store } from '../store/store.js';
import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';

export interface AdminKey {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

interface StoredAdminKey extends AdminKey {
  /** SHA-256 of the secret part: the key itself is never stored */
  readonly hash: string;
}

const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');

/** `gpk.<tenant>.<id>.<secret>`: the tenant and id say where to look, the secret proves it. */
const keyPattern = /^gpk\.([a-z0-9][a-z0-9-]{1,62})\.([\w-]{12})\.([\w-]{43})$/;

export function parseAdminKey(
  value: string,
): { tenantId: string; id: string; secret: string } | undefined {
  const match = keyPattern.exec(value);
  if (!match) return undefined;
  const [, tenantId = '', id = '', secret = ''] = match;
  return { tenantId, id, secret };
}

/** Per-tenant administrator keys: shown once at creation, stored hashed. */
export class AdminKeys {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly clock: Clock = systemClock,
  ) {}

  async create(scope: string, tenantId: string, name: string): Promise<AdminKey & { key: string }> {
    const id = randomId(9);
    const secret = randomBytes(32).toString('base64url');
    const record: StoredAdminKey = {
      id,
      name,
      createdAt: new Date(this.clock.now()).toISOString(),
      hash: digest(secret),
    };
    await this.store.set(this.keys.adminKey(scope, id), JSON.stringify(record));
    await this.store.sadd(this.keys.adminKeyIndex(scope), id);
    return { id, name, createdAt: record.createdAt, key: `gpk.${tenantId}.${id}.${secret}` };
  }

  async list(scope: string): Promise<AdminKey[]> {
    const ids = await this.store.smembers(this.keys.adminKeyIndex(scope));
    const raws = await this.store.mget(ids.map((id) => this.keys.adminKey(scope, id)));
    return raws
      .filter((r): r is string => r !== null)
      .map((r) => JSON.parse(r) as StoredAdminKey)
      .map(({ id, name, createdAt }) => ({ id, name, createdAt }))
      .sort((x, y) => x.createdAt.localeCompare(y.createdAt));
  }

  async delete(scope: string, id: string): Promise<boolean> {
    const removed = await this.store.del(this.keys.adminKey(scope, id));
    await this.store.srem(this.keys.adminKeyIndex(scope), id);
    return removed > 0;
  }

  /** whether the secret is the one of key `id` (constant-time comparison of digests) */
  async verify(scope: string, id: string, secret: string): Promise<boolean> {
    const raw = await this.store.get(this.keys.adminKey(scope, id));
    if (!raw) return false;
    const expected = Buffer.from((JSON.parse(raw) as StoredAdminKey).hash);
    const actual = Buffer.from(digest(secret));
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
