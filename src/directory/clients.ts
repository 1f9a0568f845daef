import { randomBytes } from 'node:crypto';
import type { ClientMetadata } from 'oidc-provider';
import { randomId } from '../util/random-id.js';
import { needsClientSecret } from './client-rules.js';
import type { Keys } from '../store/keys.js';
import type { Invalidations, RecordCache } from '../store/record-cache.js';
import type { Store } from '../store/store.js';
import type { SecretBox } from '../util/secret-box.js';
import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';

/** What the directory keeps of a client: its metadata, and its secret sealed (never plain). */
interface StoredClient {
  metadata: ClientMetadata;
  sealedSecret?: string;
  createdAt: string;
}

export interface ClientView extends ClientMetadata {
  client_id: string;
  created_at: string;
}

/** a client authenticating with a secret (not private_key_jwt, not a public client) */
const usesSecret = (metadata: ClientMetadata) =>
  needsClientSecret(metadata.token_endpoint_auth_method);

/**
 * how many opened clients a process keeps, and how long at most: briefly, since each holds its
 * secret in the clear (changes are published and drop copies at once: see Invalidations)
 */
const opened = { max: 1000, ttlMs: 60_000 };

/** Relying parties of one tenant scope. */
export class Clients {
  readonly #opened: RecordCache<ClientMetadata> | undefined;

  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly secrets: SecretBox,
    private readonly clock: Clock = systemClock,
    private readonly invalidations?: Invalidations,
  ) {
    this.#opened = invalidations?.cache<ClientMetadata>(opened);
  }

  /**
   * The metadata oidc-provider needs, secret included (in memory only), as this process keeps
   * it: with invalidations, the same object for as long as the record is unchanged, so its
   * record is not read and its secret not decrypted on each request (a change or deletion
   * drops it on every process). Compare it, never modify it (`findForProvider` copies).
   */
  async openedForProvider(
    scope: string,
    clientId: string,
  ): Promise<Readonly<ClientMetadata> | undefined> {
    const open = async () => {
      const stored = await this.#read(scope, clientId);
      if (!stored) return undefined;
      if (!stored.sealedSecret) return stored.metadata;
      const secret = this.secrets.open(stored.sealedSecret);
      // a secret no configured key opens: the client cannot authenticate until re-created
      return secret === undefined ? undefined : { ...stored.metadata, client_secret: secret };
    };
    return this.#opened ? this.#opened.read(this.keys.client(scope, clientId), open) : open();
  }

  /** `openedForProvider`'s metadata as a copy: what oidc-provider is handed is its own */
  async findForProvider(scope: string, clientId: string): Promise<ClientMetadata | undefined> {
    const found = await this.openedForProvider(scope, clientId);
    return found && { ...found };
  }

  async #changed(scope: string, clientId: string) {
    await this.invalidations?.changed(this.keys.client(scope, clientId));
  }

  async find(scope: string, clientId: string): Promise<ClientView | undefined> {
    const stored = await this.#read(scope, clientId);
    return stored && view(stored);
  }

  async list(scope: string): Promise<ClientView[]> {
    const ids = (await this.store.smembers(this.keys.clientIndex(scope))).sort();
    const raws = await this.store.mget(ids.map((id) => this.keys.client(scope, id)));
    return raws
      .filter((r): r is string => r !== null)
      .map((r) => view(JSON.parse(r) as StoredClient));
  }

  /** Stores a new client; returns it with its secret, which is never readable again. */
  async create(
    scope: string,
    metadata: Omit<ClientMetadata, 'client_id'>,
    clientId = randomId(16),
  ): Promise<ClientView> {
    const full: ClientMetadata = { ...metadata, client_id: clientId };
    const secret = usesSecret(full) ? randomBytes(32).toString('base64url') : undefined;
    const stored: StoredClient = {
      metadata: full,
      createdAt: new Date(this.clock.now()).toISOString(),
      ...(secret ? { sealedSecret: this.secrets.seal(secret) } : {}),
    };
    await this.store.set(this.keys.client(scope, clientId), JSON.stringify(stored));
    await this.store.sadd(this.keys.clientIndex(scope), clientId);
    await this.#changed(scope, clientId);
    return { ...view(stored), ...(secret ? { client_secret: secret } : {}) };
  }

  /**
   * Stores a client whose id and secret were chosen elsewhere (oidc-provider's dynamic
   * registration), creating or replacing it. The secret is sealed like `create`'s; the
   * creation time of an existing client is kept.
   */
  async put(scope: string, metadata: ClientMetadata): Promise<ClientView> {
    const { client_secret: secret, ...rest } = metadata;
    const previous = await this.#read(scope, metadata.client_id);
    const stored: StoredClient = {
      metadata: rest,
      createdAt: previous?.createdAt ?? new Date(this.clock.now()).toISOString(),
      ...(typeof secret === 'string' && secret ? { sealedSecret: this.secrets.seal(secret) } : {}),
    };
    await this.store.set(this.keys.client(scope, metadata.client_id), JSON.stringify(stored));
    await this.store.sadd(this.keys.clientIndex(scope), metadata.client_id);
    await this.#changed(scope, metadata.client_id);
    return view(stored);
  }

  /** false when there was no such client */
  async delete(scope: string, clientId: string): Promise<boolean> {
    const removed = await this.store.del(this.keys.client(scope, clientId));
    await this.#changed(scope, clientId);
    await this.store.srem(this.keys.clientIndex(scope), clientId);
    return removed > 0;
  }

  async #read(scope: string, clientId: string): Promise<StoredClient | undefined> {
    const raw = await this.store.get(this.keys.client(scope, clientId));
    return raw ? (JSON.parse(raw) as StoredClient) : undefined;
  }
}

function view(stored: StoredClient): ClientView {
  return { ...stored.metadata, client_id: stored.metadata.client_id, created_at: stored.createdAt };
}
