import { errors } from 'oidc-provider';
import type { Adapter, AdapterPayload } from 'oidc-provider';
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
 * exchanges exactly one wins, the others get invalid_grant.
 */
export class OidcAdapter implements Adapter {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly scope: string,
    private readonly model: string,
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
    await this.store.run(
      oidcUpsert,
      [
        key,
        grantId ? this.keys.oidcGrant(this.scope, grantId) : key,
        uid ? this.keys.oidcSessionUid(this.scope, uid) : key,
        userCode ? this.keys.oidcUserCode(this.scope, userCode) : key,
        accountId ? this.keys.oidcAccount(this.scope, accountId) : key,
      ],
      [
        JSON.stringify(payload),
        Math.max(0, Math.ceil(expiresIn || 0)),
        id,
        grantId ? '1' : '0',
        uid ? '1' : '0',
        userCode ? '1' : '0',
        accountId ? '1' : '0',
      ],
    );
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const record = await this.store.hgetall(this.#key(id));
    if (!record.payload) return undefined;
    const payload = JSON.parse(record.payload) as AdapterPayload;
    return record.consumed ? { ...payload, consumed: Number(record.consumed) } : payload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = await this.store.get(this.keys.oidcSessionUid(this.scope, uid));
    return id ? this.find(id) : undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const id = await this.store.get(this.keys.oidcUserCode(this.scope, userCode));
    return id ? this.find(id) : undefined;
  }

  async consume(id: string): Promise<void> {
    const now = Math.floor(Date.now() / 1000);
    const result = await this.store.run(oidcConsume, [this.#key(id)], [now]);
    if (result !== 1) throw new errors.InvalidGrant(`${this.model} already consumed or gone`);
  }

  async destroy(id: string): Promise<void> {
    await this.store.del(this.#key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.store.run(oidcRevokeGrant, [this.keys.oidcGrant(this.scope, grantId)], []);
  }
}
