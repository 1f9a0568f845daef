import { generateClientKey } from '../client-key.js';
import type { ClientKey } from '../client-key.js';
import type { Keys } from '../../store/keys.js';
import type { Store } from '../../store/store.js';
import type { SecretBox } from '../../util/secret-box.js';
import { fetchIdpMetadata, parseIdpMetadata } from './saml-rule.js';
import type { SamlRule } from './saml-rule.js';

/** a rule's metadata URL is read again when it is used this long after it was last read */
export const metadataRefreshMs = 24 * 3600_000;
/** after a failed refresh, the stored metadata is used this long before the next try */
export const metadataRetryMs = 3600_000;

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

  /**
   * The rule, with its metadata read again from its URL when it is older than a day (an IdP
   * rotating its keys publishes the next certificate there). A failed refresh keeps the stored
   * metadata and tries again in an hour; the error is returned for the log.
   */
  async refreshed(
    scope: string,
    rule: SamlRule,
    now: number,
    production: boolean,
  ): Promise<{ rule: SamlRule; error?: string }> {
    if (!rule.metadataUrl || now - (rule.fetchedAt ?? 0) < metadataRefreshMs) return { rule };
    let next: SamlRule;
    let error: string | undefined;
    try {
      const idp = await parseIdpMetadata(await fetchIdpMetadata(rule.metadataUrl), production);
      next = { ...rule, idp, fetchedAt: now };
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
      next = { ...rule, fetchedAt: now - metadataRefreshMs + metadataRetryMs };
    }
    // read again just before writing: an admin's change meanwhile is kept (the rule is skipped)
    const rules = await this.list(scope);
    const same = (r: SamlRule) => r.id === rule.id && r.metadataUrl === rule.metadataUrl;
    if (rules.some(same))
      await this.replace(
        scope,
        rules.map((r) => (same(r) ? next : r)),
      );
    return error === undefined ? { rule: next } : { rule, error };
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
