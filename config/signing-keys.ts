import { randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import { generateSigningKey, signingAlgList, signingAlgOf } from '../src/util/signing-jwk.js';
import type { SigningAlg } from '../src/util/signing-jwk.js';

export {
  defaultSigningAlg,
  generateSigningKey,
  isSigningAlg,
  publicJwk,
  signingAlgList,
  signingAlgOf,
  signingAlgs,
} from '../src/util/signing-jwk.js';
export type { SigningAlg } from '../src/util/signing-jwk.js';

/** A new private signing JWK Set with one key (RS256 unless told: what every relying party supports). */
export async function generateSigningJwks(alg: SigningAlg = 'RS256'): Promise<{ keys: JWK[] }> {
  const kid = `gp-${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
  return { keys: [await generateSigningKey(alg, kid)] };
}

/**
 * Checks a JWK Set file's text: JSON, a non-empty `keys` array of private signing keys that
 * Guestpass can sign with (RS256, PS256, ES256 or EdDSA), with distinct `kid`s.
 */
export function parseSigningJwks(text: string): { keys: JWK[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('not JSON');
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('no "keys" array');
  const kids = new Set<string>();
  for (const [index, key] of (keys as JWK[]).entries()) {
    if (typeof key !== 'object' || key === null || typeof key.kty !== 'string')
      throw new Error('a key has no "kty"');
    const name = key.kid ?? `#${index}`;
    if (key.kty !== 'oct' && key.d === undefined)
      throw new Error(`key ${key.kid ?? ''} is public; a private key is needed`);
    if (key.use !== undefined && key.use !== 'sig')
      throw new Error(`key ${name} has "use": "${key.use}"; signing keys have "use": "sig"`);
    if (!signingAlgOf(key)) {
      const what = key.alg ?? [key.kty, key.crv].filter(Boolean).join(' ');
      throw new Error(`key ${name} (${what}) cannot be used: keys must be ${signingAlgList} keys`);
    }
    if (key.kid !== undefined) {
      if (kids.has(key.kid)) throw new Error(`two keys have the kid "${key.kid}"`);
      kids.add(key.kid);
    }
  }
  return { keys: keys as JWK[] };
}
