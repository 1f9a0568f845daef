import type { Adapter, AdapterPayload, ClientMetadata } from 'oidc-provider';
import { assertRegistrable } from '../directory/client-rules.js';
import type { ClientRuleOptions } from '../directory/client-rules.js';
import type { Clients } from '../directory/clients.js';

/**
 * oidc-provider's Client model on the tenant's client directory. oidc-provider writes here
 * only for dynamic registration (RFC 7591 POST, RFC 7592 PUT and DELETE at /{t}/reg), so
 * registered clients live beside admin-created ones, their secret sealed like theirs.
 */
export class ClientAdapter implements Adapter {
  constructor(
    private readonly clients: Clients,
    private readonly scope: string,
    private readonly rules: ClientRuleOptions = {},
  ) {}

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.clients.findForProvider(this.scope, id);
  }

  /** the client's metadata as kept in memory: the same object while it is unchanged */
  async kept(id: string): Promise<object | undefined> {
    return this.clients.openedForProvider(this.scope, id);
  }

  async upsert(id: string, payload: AdapterPayload): Promise<void> {
    // the registration policy already ran, but only on tokens that carry it: the rules hold
    // here for every write, on the metadata exactly as oidc-provider normalized it
    assertRegistrable(payload, this.rules);
    const metadata: ClientMetadata = { ...payload, client_id: id };
    await this.clients.put(this.scope, metadata);
  }

  async destroy(id: string): Promise<void> {
    await this.clients.delete(this.scope, id);
  }

  async findByUid(): Promise<undefined> {
    return undefined;
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async consume(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}
