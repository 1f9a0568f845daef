import type { Keys } from '../store/keys.js';
import type { Store } from '../store/store.js';
import type { SecretBox } from '../util/secret-box.js';
import type { FederationRule } from './rule.js';

interface StoredRule extends Omit<FederationRule, 'clientSecret'> {
  readonly sealedSecret: string;
}

/** A tenant's federation rules; upstream client secrets are stored sealed, never returned. */
export class FederationRules {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly secrets: SecretBox,
  ) {}

  async list(scope: string): Promise<FederationRule[]> {
    const raw = await this.store.get(this.keys.federation(scope));
    if (!raw) return [];
    return (JSON.parse(raw) as StoredRule[]).map(({ sealedSecret, ...rule }) => ({
      ...rule,
      clientSecret: this.secrets.open(sealedSecret) ?? '',
    }));
  }

  async replace(scope: string, rules: readonly FederationRule[]): Promise<void> {
    const stored: StoredRule[] = rules.map(({ clientSecret, ...rule }) => ({
      ...rule,
      sealedSecret: this.secrets.seal(clientSecret),
    }));
    await this.store.set(this.keys.federation(scope), JSON.stringify(stored));
  }
}
