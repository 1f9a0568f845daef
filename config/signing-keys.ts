import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import type { JWK } from 'jose';

/** A new private signing JWK Set: one RS256 key (what every relying party supports). */
export async function generateSigningJwks(): Promise<{ keys: JWK[] }> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = `gp-${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
  return { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] };
}

/** Checks a JWK Set file's text: JSON, a non-empty `keys` array of private keys. */
export function parseSigningJwks(text: string): { keys: JWK[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('not JSON');
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('no "keys" array');
  for (const key of keys as JWK[]) {
    if (typeof key !== 'object' || key === null || typeof key.kty !== 'string')
      throw new Error('a key has no "kty"');
    if (key.kty !== 'oct' && key.d === undefined)
      throw new Error(`key ${key.kid ?? ''} is public; a private key is needed`);
  }
  return { keys: keys as JWK[] };
}
