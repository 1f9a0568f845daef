import { errors } from 'oidc-provider';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { heldWrites } from './held-writes.js';
import type { HeldWrites } from './held-writes.js';
import type { Keys } from './keys.js';
import type { Store } from './store.js';
import { oidcConsume } from './scripts/oidc-consume.js';
import { oidcRevokeGrant } from './scripts/oidc-revoke-grant.js';
import { oidcUpsert } from './scripts/oidc-upsert.js';

/** models whose records belong to a grant, so revoking the grant deletes them */
const grantable = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

/** models indexed by account, so a deleted guest's sessions and grants end at once */
const accountIndexed = new Set(['Grant', 'Session']);

/**
 * oidc-provider's storage for one tenant and one model, on the Store interface. Each record
 * is a hash {payload, consumed}, so `consume` is an atomic HSETNX: of N parallel code
 * exchanges exactly one wins, the others get invalid_grant. In a request that holds its
 * writes (src/store/held-writes.ts) saves and removals wait for its end, and its reads see
 * them; `consume` and revocation send what is held first and run at once.
 */
export class OidcAdapter implements Adapter {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly scope: string,
    private readonly model: string,
    /**
     * the key of an account's record (a guest's), read early with a token that names the
     * account: oidc-provider looks the account up next
     */
    private readonly accountRecord?: (accountId: string) => string,
  ) {}

  #key(id: string) {
    return this.keys.oidc(this.scope, this.model, id);
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const key = this.#key(id);
    const grantId = grantable.has(this.model) ? payload.grantId : undefined;
    const uid = this.model === 'Session' ? payload.uid : undefined;
    const userCode = payload.userCode;
    const accountId = accountIndexed.has(this.model) ? payload.accountId : undefined;
    const json = JSON.stringify(payload);
    const write = () =>
      this.store.run(
        oidcUpsert,
        [
          key,
          grantId ? this.keys.oidcGrant(this.scope, grantId) : key,
          uid ? this.keys.oidcSessionUid(this.scope, uid) : key,
          userCode ? this.keys.oidcUserCode(this.scope, userCode) : key,
          accountId ? this.keys.oidcAccount(this.scope, accountId) : key,
        ],
        [
          json,
          Math.max(0, Math.ceil(expiresIn || 0)),
          id,
          grantId ? '1' : '0',
          uid ? '1' : '0',
          userCode ? '1' : '0',
          accountId ? '1' : '0',
        ],
      );
    const held = heldWrites();
    if (!held) {
      await write();
      return;
    }
    const records: [string, string][] = [[key, json]];
    if (uid) records.push([this.keys.oidcSessionUid(this.scope, uid), id]);
    if (userCode) records.push([this.keys.oidcUserCode(this.scope, userCode), id]);
    held.put(records, write);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const key = this.#key(id);
    const held = heldWrites();
    const left = held?.record(key);
    if (left !== undefined) return left === null ? undefined : (JSON.parse(left) as AdapterPayload);
    const record = await (held?.takeEarly<Record<string, string>>(key) ?? this.store.hgetall(key));
    if (!record.payload) return undefined;
    const payload = JSON.parse(record.payload) as AdapterPayload;
    if (held) this.#readAhead(held, payload);
    return record.consumed ? { ...payload, consumed: Number(record.consumed) } : payload;
  }

  /**
   * What oidc-provider reads next after a token (src/store/held-writes.ts `readEarly`): its
   * grant, the pointer to its session when the token ends with the session, and its account.
   * Started together, they cost one round trip, not one each in turn.
   */
  #readAhead(held: HeldWrites, record: AdapterPayload) {
    if (!grantable.has(this.model)) return;
    const reads: [string, () => Promise<unknown>][] = [];
    if (record.grantId) {
      const grant = this.keys.oidc(this.scope, 'Grant', record.grantId);
      reads.push([grant, () => this.store.hgetall(grant)]);
    }
    if (record.expiresWithSession && record.sessionUid) {
      const pointer = this.keys.oidcSessionUid(this.scope, record.sessionUid);
      reads.push([pointer, () => this.store.get(pointer)]);
    }
    if (this.accountRecord && record.accountId) {
      const guest = this.accountRecord(record.accountId);
      reads.push([guest, () => this.store.get(guest)]);
    }
    if (!reads.length) return;
    void this.store.together(async () => {
      for (const [key, read] of reads) held.readEarly(key, read);
    });
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = await this.#pointer(this.keys.oidcSessionUid(this.scope, uid));
    return id ? this.find(id) : undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const id = await this.#pointer(this.keys.oidcUserCode(this.scope, userCode));
    return id ? this.find(id) : undefined;
  }

  /** the id an index key names: as this request left it, else as read early or stored */
  async #pointer(key: string): Promise<string | null> {
    const held = heldWrites();
    return held?.record(key) ?? held?.takeEarly<string | null>(key) ?? this.store.get(key);
  }

  async consume(id: string): Promise<void> {
    const now = Math.floor(Date.now() / 1000);
    const held = heldWrites();
    held?.forgetEarly(this.#key(id));
    await held?.flush();
    const result = await this.store.run(oidcConsume, [this.#key(id)], [now]);
    if (result !== 1) throw new errors.InvalidGrant(`${this.model} already consumed or gone`);
  }

  async destroy(id: string): Promise<void> {
    const key = this.#key(id);
    const held = heldWrites();
    if (held) held.put([[key, null]], () => this.store.del(key));
    else await this.store.del(key);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const held = heldWrites();
    held?.forgetEarly();
    await held?.flush();
    await this.store.run(oidcRevokeGrant, [this.keys.oidcGrant(this.scope, grantId)], []);
  }
}
