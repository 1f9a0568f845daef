import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  randomBytes,
  sign,
  X509Certificate,
} from 'node:crypto';
import { promisify } from 'node:util';
import type { JWK } from 'jose';

/**
 * A key Guestpass holds to authenticate to an upstream token endpoint with private_key_jwt:
 * an RSA key (PKCS#8 PEM, stored sealed) and a self-signed certificate of its public half.
 * Microsoft Entra ID registers certificates, not bare keys ("certificate credentials"); Okta,
 * Auth0 and Keycloak take the public JWK (which carries the certificate in x5c).
 */
export interface ClientKey {
  readonly privateKey: string;
  readonly certificate: string;
}

/** The public half as the admin registers it upstream. */
export interface PublishedKey {
  readonly jwk: JWK & { kid: string; alg: 'RS256'; use: 'sig'; x5t: string; x5c: string[] };
  readonly certificate: string;
  readonly notAfter: string;
}

const certificateYears = 2;

// DER, just enough of it for one self-signed certificate (X.690, RFC 5280 section 4.1)
function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  if (body.length < 0x80) return Buffer.concat([Buffer.from([tag, body.length]), body]);
  const length: number[] = [];
  for (let n = body.length; n > 0; n >>= 8) length.unshift(n & 0xff);
  return Buffer.concat([Buffer.from([tag, 0x80 | length.length, ...length]), body]);
}
const sequence = (...items: Buffer[]) => der(0x30, ...items);
const set = (...items: Buffer[]) => der(0x31, ...items);
const explicit = (n: number, item: Buffer) => der(0xa0 + n, item);
const utf8 = (text: string) => der(0x0c, Buffer.from(text, 'utf8'));
const nullValue = Buffer.from([0x05, 0x00]);

function integer(bytes: Buffer): Buffer {
  // unsigned: a leading 0x00 keeps the top bit from reading as a sign
  return der(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (let n = arc >> 7; n > 0; n >>= 7) base128.unshift(0x80 | (n & 0x7f));
    bytes.push(...base128);
  }
  return der(0x06, Buffer.from(bytes));
}

/** UTCTime through 2049, GeneralizedTime after (RFC 5280 section 4.1.2.5) */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050
    ? der(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii'))
    : der(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

const sha256WithRsa = sequence(oid('1.2.840.113549.1.1.11'), nullValue);
const commonName = (name: string) => sequence(set(sequence(oid('2.5.4.3'), utf8(name))));

/**
 * A certificate serial from random bytes: positive and minimally encoded, so its first byte
 * neither sets the sign bit nor is zero (a zero there is a redundant leading byte, which
 * strict DER parsers such as OpenSSL refuse).
 */
export function certificateSerial(random: Buffer): Buffer {
  const serial = Buffer.from(random);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  return serial;
}

/** A self-signed X.509 v3 certificate of the key pair, valid from `now` for two years. */
export function selfSigned(
  privateKeyPem: string,
  name: string,
  now: Date,
  random: Buffer = randomBytes(16),
): string {
  const privateKey = createPrivateKey(privateKeyPem);
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const serial = certificateSerial(random);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(now.getUTCFullYear() + certificateYears);
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    sha256WithRsa,
    commonName(name),
    // a few minutes back, for upstream clocks a little behind ours
    sequence(time(new Date(now.getTime() - 5 * 60 * 1000)), time(notAfter)),
    commonName(name),
    spki,
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = sequence(tbs, sha256WithRsa, der(0x03, Buffer.from([0]), signature));
  const base64 = certificate.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

/** A new RSA key and its certificate, named after the rule (the name shows upstream). */
export async function generateClientKey(name: string, now = new Date()): Promise<ClientKey> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKey, certificate: selfSigned(privateKey, name, now) };
}

const thumbprint = (algorithm: 'sha1' | 'sha256', certificate: X509Certificate) =>
  createHash(algorithm).update(certificate.raw).digest('base64url');

/**
 * The public key to register upstream: the JWK (kid = the certificate's SHA-256 thumbprint,
 * x5t its SHA-1 thumbprint as Entra ID looks certificates up by it, x5c the certificate) and
 * the certificate itself (PEM, for Entra ID's "upload certificate").
 */
export function publishedKey(key: ClientKey): PublishedKey {
  const certificate = new X509Certificate(key.certificate);
  const jwk = certificate.publicKey.export({ format: 'jwk' });
  return {
    jwk: {
      kty: jwk.kty,
      n: jwk.n,
      e: jwk.e,
      kid: thumbprint('sha256', certificate),
      alg: 'RS256',
      use: 'sig',
      x5t: thumbprint('sha1', certificate),
      x5c: [certificate.raw.toString('base64')],
    },
    certificate: key.certificate,
    notAfter: new Date(certificate.validTo).toISOString(),
  };
}
