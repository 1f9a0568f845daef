import { generateClientKey } from '../client-key.js';
import type { ClientKey } from '../client-key.js';
import type { Keys } from '../../store/keys.js';
import type { Store } from '../../store/store.js';
import type { SecretBox } from '../../util/secret-box.js';
import type { SamlRule } from './saml-rule.js';

/**
 * A tenant's SAML federation rules (beside its OpenID rules, in a key of their own) and its
 * service provider key: created on first use, the private key sealed, the certificate in the
 * SP metadata the partner registers.
 */
export class SamlRules {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly secrets: SecretBox,
  ) {}

  async list(scope: string): Promise<SamlRule[]> {
    const raw = await this.store.get(this.keys.samlRules(scope));
    return raw ? (JSON.parse(raw) as SamlRule[]) : [];
  }

  async replace(scope: string, rules: readonly SamlRule[]): Promise<void> {
    await this.store.set(this.keys.samlRules(scope), JSON.stringify(rules));
  }

  /** The tenant's SP signing key (AuthnRequests), created once. */
  async spKey(scope: string, name: string, now: Date): Promise<ClientKey> {
    const key = this.keys.samlSpKey(scope);
    const read = async () => {
      const raw = await this.store.get(key);
      if (!raw) return undefined;
      const { sealedKey, certificate } = JSON.parse(raw) as {
        sealedKey: string;
        certificate: string;
      };
      const privateKey = this.secrets.open(sealedKey);
      return privateKey ? { privateKey, certificate } : undefined;
    };
    const found = await read();
    if (found) return found;
    const fresh = await generateClientKey(name, now);
    await this.store.set(
      key,
      JSON.stringify({
        sealedKey: this.secrets.seal(fresh.privateKey),
        certificate: fresh.certificate,
      }),
      { onlyIfAbsent: true },
    );
    return (await read()) ?? fresh;
  }
}
