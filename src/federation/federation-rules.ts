import type { Keys } from '../store/keys.js';
import type { Store } from '../store/store.js';
import type { SecretBox } from '../util/secret-box.js';
import type { FederationRule } from './rule.js';

/** A rule at rest: the client secret or the client's private key sealed, the certificate not. */
interface StoredRule extends Omit<FederationRule, 'clientSecret' | 'clientKey'> {
  readonly sealedSecret?: string;
  readonly sealedKey?: string;
  readonly certificate?: string;
}

/**
 * A tenant's federation rules; upstream client secrets and private keys are stored sealed,
 * never returned by the API.
 */
export class FederationRules {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly secrets: SecretBox,
  ) {}

  async list(scope: string): Promise<FederationRule[]> {
    const raw = await this.store.get(this.keys.federation(scope));
    if (!raw) return [];
    return (JSON.parse(raw) as StoredRule[]).map(
      ({ sealedSecret, sealedKey, certificate, ...rule }) => ({
        ...rule,
        ...(sealedKey !== undefined && certificate !== undefined
          ? { clientKey: { privateKey: this.secrets.open(sealedKey) ?? '', certificate } }
          : { clientSecret: this.secrets.open(sealedSecret ?? '') ?? '' }),
      }),
    );
  }

  async replace(scope: string, rules: readonly FederationRule[]): Promise<void> {
    const stored: StoredRule[] = rules.map(({ clientSecret, clientKey, ...rule }) => ({
      ...rule,
      ...(clientKey
        ? { sealedKey: this.secrets.seal(clientKey.privateKey), certificate: clientKey.certificate }
        : { sealedSecret: this.secrets.seal(clientSecret ?? '') }),
    }));
    await this.store.set(this.keys.federation(scope), JSON.stringify(stored));
  }
}
