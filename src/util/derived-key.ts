import { createSecretKey, hkdfSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

const derived = new Map<string, KeyObject>();

/**
 * The 256-bit key of one purpose, derived (HKDF-SHA256, salt `guestpass`, info `purpose`)
 * from a server secret — never the secret itself — and derived once per process. It is a
 * KeyObject: Node prepares a Buffer key anew for every HMAC or cipher, which cost about five
 * times the HMAC itself (`npm run bench`'s profile); a KeyObject is prepared once.
 */
export function derivedKey(secret: string, purpose: string): KeyObject {
  const id = `${purpose}\u0000${secret}`;
  let key = derived.get(id);
  if (!key) {
    key = createSecretKey(Buffer.from(hkdfSync('sha256', secret, 'guestpass', purpose, 32)));
    derived.set(id, key);
  }
  return key;
}
