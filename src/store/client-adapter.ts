import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Clients } from '../directory/clients.js';

/** oidc-provider's Client model reads the tenant's client directory (read-only here). */
export class ClientAdapter implements Adapter {
  constructor(
    private readonly clients: Clients,
    private readonly scope: string,
  ) {}

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.clients.findForProvider(this.scope, id);
  }

  async upsert(): Promise<void> {
    throw new Error('clients are written through the directory, not oidc-provider');
  }
  async findByUid(): Promise<undefined> {
    return undefined;
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async consume(): Promise<void> {}
  async destroy(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}
