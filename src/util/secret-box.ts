import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { derivedKey } from './derived-key.js';

/**
 * Encrypts secrets at rest (AES-256-GCM) with keys derived from the server secrets:
 * the first encrypts, every one may decrypt, so secrets rotate like cookie keys.
 */
export class SecretBox {
  readonly #keys: KeyObject[];

  constructor(serverSecrets: readonly string[], purpose: string) {
    this.#keys = serverSecrets.map((secret) => derivedKey(secret, `secret-box:${purpose}`));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#keys[0]!, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [
      'v1',
      iv.toString('base64url'),
      body.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
    ].join('.');
  }

  /** undefined when no configured secret opens it */
  open(sealed: string): string | undefined {
    const [version, iv, body, tag] = sealed.split('.');
    if (version !== 'v1' || !iv || !body || !tag) return undefined;
    for (const key of this.#keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([
          decipher.update(Buffer.from(body, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        // not this key: try the next one
      }
    }
    return undefined;
  }
}
