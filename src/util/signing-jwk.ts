import { exportJWK, generateKeyPair } from 'jose';
import type { JWK } from 'jose';

/**
 * The ID token signing algorithms Guestpass supports, and so the key types it accepts:
 * RS256 and PS256 (RSA, 2048 bits when generated), ES256 (EC P-256) and EdDSA (OKP Ed25519).
 * RS256 first: every relying party library supports it.
 */
export const signingAlgs = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;
export type SigningAlg = (typeof signingAlgs)[number];

export const isSigningAlg = (value: unknown): value is SigningAlg =>
  typeof value === 'string' && (signingAlgs as readonly string[]).includes(value);

export const signingAlgList = 'RS256, PS256, ES256 or EdDSA';

/** the members of a private JWK that must never be published */
const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'] as const;

/** A JWK without its private members (what a JWKS publishes). */
export function publicJwk(jwk: JWK): JWK {
  const copy: Record<string, unknown> = { ...jwk };
  for (const member of privateMembers) delete copy[member];
  return copy as JWK;
}

/**
 * The algorithm a key signs with: its `alg` when it names one, else the one its type allows
 * (an RSA key without `alg` defaults to RS256); undefined for a key Guestpass cannot use.
 */
export function signingAlgOf(jwk: JWK): SigningAlg | undefined {
  const fits =
    (jwk.kty === 'RSA' && (jwk.alg === undefined || jwk.alg === 'RS256' || jwk.alg === 'PS256')) ||
    (jwk.kty === 'EC' && jwk.crv === 'P-256' && (jwk.alg === undefined || jwk.alg === 'ES256')) ||
    (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && (jwk.alg === undefined || jwk.alg === 'EdDSA'));
  if (!fits) return undefined;
  if (jwk.alg !== undefined) return jwk.alg as SigningAlg;
  return jwk.kty === 'RSA' ? 'RS256' : jwk.kty === 'EC' ? 'ES256' : 'EdDSA';
}

/** The algorithm a key set signs ID tokens with by default: its first key's. */
export function defaultSigningAlg(jwks: { readonly keys: readonly JWK[] }): SigningAlg {
  const first = jwks.keys[0];
  const alg = first && signingAlgOf(first);
  if (!alg) throw new Error(`the first signing key cannot sign with ${signingAlgList}`);
  return alg;
}

/** A new private signing key: `alg`, `use: sig` and the given `kid`. */
export async function generateSigningKey(alg: SigningAlg, kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  });
  return { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
}
