import { beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair } from 'jose';
import type { JWK } from 'jose';
import Provider from 'oidc-provider';
import type { Adapter, AdapterPayload, ClientMetadata } from 'oidc-provider';
import { reuseBuiltClients } from '../../../src/server/reuse-built-clients.js';

let signingKey: JWK;
beforeAll(async () => {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  signingKey = { ...(await exportJWK(privateKey)), alg: 'ES256', kid: 'k' };
});

/** a client directory keeping each client as one object until it is replaced or removed */
function directory() {
  const kept = new Map<string, Readonly<ClientMetadata>>();
  let reads = 0;
  const adapter = {
    async find(id: string) {
      reads += 1;
      const found = kept.get(id);
      return found && ({ ...found } as AdapterPayload);
    },
  } as unknown as Adapter;
  const provider = new Provider('http://localhost:3000', {
    adapter: () => adapter,
    jwks: { keys: [signingKey] },
    features: { devInteractions: { enabled: false } },
  });
  reuseBuiltClients(provider, async (id) => kept.get(id));
  return {
    provider,
    put: (metadata: ClientMetadata) => kept.set(metadata.client_id, { ...metadata }),
    remove: (id: string) => kept.delete(id),
    reads: () => reads,
  };
}

const app = (redirect: string): ClientMetadata => ({
  client_id: 'app',
  client_secret: 'a-secret-long-enough-for-hs256-0123456789',
  redirect_uris: [redirect],
  id_token_signed_response_alg: 'ES256',
});

describe('Client.find with built clients reused', () => {
  it('returns the same Client while the kept record is the same object, reading it once', async () => {
    const { provider, put, reads } = directory();
    put(app('https://rp.example/cb'));
    const first = await provider.Client.find('app');
    const second = await provider.Client.find('app');
    expect(first).toBeDefined();
    expect(second).toBe(first);
    // the first lookup built it (one adapter read); the second did not read at all
    expect(reads()).toBe(1);
  });

  it('builds a new Client when the record was replaced, with the new metadata', async () => {
    const { provider, put } = directory();
    put(app('https://rp.example/cb'));
    const before = await provider.Client.find('app');
    put(app('https://rp.example/other'));
    const after = await provider.Client.find('app');
    expect(after).not.toBe(before);
    expect(after?.redirectUris).toEqual(['https://rp.example/other']);
  });

  it.each([
    ['a removed client', 'app'],
    ['an unknown id', 'nobody'],
    ['an empty id', ''],
  ])('finds nothing for %s', async (_case, id) => {
    const { provider, put, remove } = directory();
    put(app('https://rp.example/cb'));
    await provider.Client.find('app');
    remove('app');
    expect(await provider.Client.find(id)).toBeUndefined();
  });
});
