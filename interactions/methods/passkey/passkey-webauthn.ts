import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransport,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Config } from '../../../config/config.js';
import type { Passkey } from '../../../src/directory/passkeys.js';

/** how long a challenge (and the browser's prompt) lasts */
export const challengeSeconds = 300;

/** The relying party: origin and RP ID from PUBLIC_URL, never from the request. */
export function relyingParty(config: Config): { origin: string; rpID: string } {
  const url = new URL(config.publicUrl);
  return { origin: url.origin, rpID: url.hostname };
}

/** The challenge a response answers (from its clientDataJSON), or undefined. */
export function challengeOf(response: {
  response?: { clientDataJSON?: unknown };
}): string | undefined {
  try {
    const json = Buffer.from(
      String(response.response?.clientDataJSON ?? ''),
      'base64url',
    ).toString();
    const { challenge } = JSON.parse(json) as { challenge?: unknown };
    return typeof challenge === 'string' ? challenge : undefined;
  } catch {
    return undefined;
  }
}

/** A credential posted by the page's script, or undefined when it is not one. */
export function parseResponse<T extends RegistrationResponseJSON | AuthenticationResponseJSON>(
  raw: string | undefined,
): T | undefined {
  if (!raw || raw.length > 12_000) return undefined;
  try {
    const parsed = JSON.parse(raw) as T;
    return parsed && typeof parsed.id === 'string' && parsed.type === 'public-key'
      ? parsed
      : undefined;
  } catch {
    return undefined;
  }
}

/** Options for navigator.credentials.create (JSON, base64url binaries). */
export function creationOptions(
  config: Config,
  options: {
    challenge: string;
    organization: string;
    guestId: string;
    email: string;
    existing: readonly Passkey[];
  },
) {
  const { rpID } = relyingParty(config);
  return {
    challenge: options.challenge,
    rp: { id: rpID, name: options.organization },
    user: {
      id: Buffer.from(options.guestId).toString('base64url'),
      name: options.email,
      displayName: options.email,
    },
    pubKeyCredParams: [
      { type: 'public-key', alg: -8 },
      { type: 'public-key', alg: -7 },
      { type: 'public-key', alg: -257 },
    ],
    timeout: challengeSeconds * 1000,
    attestation: 'none',
    excludeCredentials: options.existing.map((p) => ({
      type: 'public-key',
      id: p.id,
      transports: p.transports,
    })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  };
}

/** Options for navigator.credentials.get: usernameless (no credential list: enumeration-safe). */
export function requestOptions(config: Config, challenge: string) {
  return {
    challenge,
    rpId: relyingParty(config).rpID,
    timeout: challengeSeconds * 1000,
    userVerification: 'required',
    allowCredentials: [],
  };
}

/** Verifies a new credential; the passkey to store, or undefined. */
export async function verifyCreation(
  config: Config,
  response: RegistrationResponseJSON,
  challenge: string,
): Promise<Omit<Passkey, 'createdAt' | 'lastUsedAt'> | undefined> {
  const { origin, rpID } = relyingParty(config);
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: true,
    });
    if (!result.verified || !result.registrationInfo) return undefined;
    const { credential, credentialDeviceType, credentialBackedUp } = result.registrationInfo;
    return {
      id: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      transports: (credential.transports ?? []).map(String),
      deviceType: credentialDeviceType,
      backedUp: credentialBackedUp,
      counter: credential.counter,
    };
  } catch {
    return undefined;
  }
}

/** Verifies an assertion with a stored passkey; the new signature counter, or undefined. */
export async function verifyAssertion(
  config: Config,
  response: AuthenticationResponseJSON,
  challenge: string,
  passkey: Passkey,
): Promise<{ newCounter: number; userVerified: boolean } | undefined> {
  const { origin, rpID } = relyingParty(config);
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: true,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.counter,
        transports: passkey.transports as AuthenticatorTransport[],
      },
    });
    if (!result.verified) return undefined;
    return {
      newCounter: result.authenticationInfo.newCounter,
      userVerified: result.authenticationInfo.userVerified,
    };
  } catch {
    return undefined;
  }
}
