import { randomBytes } from 'node:crypto';
import type { Keys } from '../store/keys.js';
import type { Invalidations, RecordCache } from '../store/record-cache.js';
import type { Store } from '../store/store.js';
import { defaultPolicy, tenantScope } from './tenant.js';
import type { Tenant, TenantPolicy } from './tenant.js';
import type { Branding } from '../http/branding.js';
import type { Language } from '../http/messages/format.js';
import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';

/** how many tenants a process keeps in memory, and how long at most (a backstop: see Invalidations) */
const cached = { max: 1000, ttlMs: 60_000 };

/**
 * Tenants and their policies. A tenant is one JSON record; with `invalidations` each process
 * keeps the records it reads in memory, and every change (update, delete) is published, so a
 * policy change applies to the next request on every process (src/store/record-cache.ts).
 */
export class Tenants {
  readonly #cache: RecordCache<Tenant> | undefined;

  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly clock: Clock = systemClock,
    private readonly invalidations?: Invalidations,
  ) {
    this.#cache = invalidations?.cache<Tenant>(cached);
  }

  async find(id: string): Promise<Tenant | undefined> {
    const key = this.keys.tenant(id);
    const read = async () => {
      const raw = await this.store.get(key);
      return raw ? (JSON.parse(raw) as Tenant) : undefined;
    };
    return this.#cache ? this.#cache.read(key, read) : read();
  }

  async #changed(id: string) {
    await this.invalidations?.changed(this.keys.tenant(id));
  }

  /**
   * Every tenant, by id. The records share no hash tag (on a Redis Cluster they spread over
   * the masters, as the per-request reads of them do), so the store reads them one MGET a
   * slot; a record deleted since the index was read is left out.
   */
  async list(): Promise<Tenant[]> {
    const ids = (await this.store.smembers(this.keys.tenantIndex())).sort();
    const raws = await this.store.mget(ids.map((id) => this.keys.tenant(id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Tenant);
  }

  /**
   * A page of the tenants by id: up to `limit` whose ids sort after `cursor` (the `next` of
   * the page before), `next` when more follow, and `total`. The ids are read whole (short
   * strings), the records only the page's.
   */
  async page(
    limit: number,
    cursor?: string,
  ): Promise<{ items: Tenant[]; next: string | null; total: number }> {
    const ids = (await this.store.smembers(this.keys.tenantIndex())).sort();
    const after = cursor === undefined ? ids : ids.filter((id) => id > cursor);
    const shown = after.slice(0, limit);
    const raws = await this.store.mget(shown.map((id) => this.keys.tenant(id)));
    return {
      items: raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Tenant),
      next: after.length > limit ? shown[shown.length - 1]! : null,
      total: ids.length,
    };
  }

  /** undefined when the id is taken. The record and the index are single-key writes (any slots). */
  async create(id: string, displayName: string): Promise<Tenant | undefined> {
    const now = new Date(this.clock.now()).toISOString();
    const tenant: Tenant = {
      id,
      displayName,
      instance: randomBytes(6).toString('base64url'),
      createdAt: now,
      updatedAt: now,
      policy: defaultPolicy,
    };
    if (
      !(await this.store.set(this.keys.tenant(id), JSON.stringify(tenant), { onlyIfAbsent: true }))
    ) {
      return undefined;
    }
    await this.store.sadd(this.keys.tenantIndex(), id);
    await this.#changed(id);
    return tenant;
  }

  /**
   * A change of some fields. `defaultLanguage: null` removes it; `branding` is merged field by
   * field, a null field removed (an empty branding is dropped from the record).
   */
  async update(
    tenant: Tenant,
    changes: {
      displayName?: string;
      policy?: TenantPolicy;
      defaultLanguage?: Language | null;
      branding?: { readonly [K in keyof Branding]?: string | null };
    },
  ): Promise<Tenant> {
    const { defaultLanguage, branding, ...rest } = changes;
    const next: Tenant = {
      ...tenant,
      ...rest,
      updatedAt: new Date(this.clock.now()).toISOString(),
    };
    const record = next as { defaultLanguage?: Language; branding?: Branding };
    if (defaultLanguage === null) delete record.defaultLanguage;
    else if (defaultLanguage !== undefined) record.defaultLanguage = defaultLanguage;
    if (branding) {
      const merged: Record<string, string> = { ...tenant.branding };
      for (const [field, value] of Object.entries(branding)) {
        if (value === null) delete merged[field];
        else if (value !== undefined) merged[field] = value;
      }
      if (Object.keys(merged).length) record.branding = merged;
      else delete record.branding;
    }
    await this.store.set(this.keys.tenant(tenant.id), JSON.stringify(next));
    await this.#changed(tenant.id);
    return next;
  }

  /**
   * Removes the tenant and everything it owns: clients, guests (their personal data),
   * invitations, sessions, tokens, rules, keys, the sign-in log. Even before the sweep ends,
   * nothing of it is reachable: it all lives under the deleted instance's scope, which no new
   * tenant of the same id shares.
   */
  async delete(tenant: Tenant): Promise<void> {
    await this.store.del(this.keys.tenant(tenant.id));
    await this.#changed(tenant.id);
    await this.store.srem(this.keys.tenantIndex(), tenant.id);
    await this.store.deleteByPrefix(this.keys.scopePrefix(tenantScope(tenant)));
  }
}
