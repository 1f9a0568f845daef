import type Provider from 'oidc-provider';

type ClientModel = Provider['Client'];
type BuiltClient = InstanceType<ClientModel>;

/**
 * oidc-provider's `Client.find` builds a Client from its adapter's metadata, and tells an
 * unchanged client from a changed one by serializing and hashing the metadata on every
 * lookup (several a sign-in, one a client_credentials grant). The tenant's client directory
 * already keeps each opened client as one object until it changes (`kept`, see
 * src/directory/clients.ts), so the Client built from that object is reused while it is the
 * same object; a changed or deleted client is a new object (or none), and goes through
 * oidc-provider's own lookup again. While the directory keeps no copies (its invalidation
 * subscription is down), every lookup is a new object: the client is then read twice.
 */
export function reuseBuiltClients(
  provider: Provider,
  kept: (id: string) => Promise<object | undefined>,
): void {
  const Client: ClientModel = provider.Client;
  const lookUp = Client.find.bind(Client);
  const built = new WeakMap<object, BuiltClient>();
  Client.find = async (id: string) => {
    const record = typeof id === 'string' && id ? await kept(id) : undefined;
    if (!record) return lookUp(id);
    const reused = built.get(record);
    if (reused) return reused;
    // looked up after `record` was read, so never older than it
    const client = await lookUp(id);
    if (client) built.set(record, client);
    return client;
  };
}
