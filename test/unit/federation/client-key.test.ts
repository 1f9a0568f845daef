import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { compactVerify, importJWK, SignJWT, importPKCS8 } from 'jose';
import {
  certificateSerial,
  generateClientKey,
  publishedKey,
  selfSigned,
} from '../../../src/federation/client-key.js';
import type { ClientKey } from '../../../src/federation/client-key.js';

let key: ClientKey;
const now = new Date(Date.UTC(2040, 5, 1, 12, 0, 0));
const later = new Date(Date.UTC(2055, 0, 1));

beforeAll(async () => {
  key = await generateClientKey('Guestpass fabrikam entra', now);
});

describe('the key Guestpass holds for private_key_jwt', () => {
  it('has a self-signed X.509 certificate of its public key, valid for two years', () => {
    const certificate = new X509Certificate(key.certificate);
    expect(certificate.subject).toBe('CN=Guestpass fabrikam entra');
    expect(certificate.issuer).toBe(certificate.subject);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.publicKey.equals(createPublicKey(key.privateKey))).toBe(true);
    expect(new Date(certificate.validFrom).getTime()).toBeLessThan(now.getTime());
    expect(new Date(certificate.validTo).toISOString()).toBe('2042-06-01T12:00:00.000Z');
  });

  it('writes dates from 2050 on as GeneralizedTime', async () => {
    const certificate = new X509Certificate((await generateClientKey('late', later)).certificate);
    expect(new Date(certificate.validTo).getUTCFullYear()).toBe(2057);
  });

  it('publishes the JWK with the thumbprints upstreams look the certificate up by', () => {
    const published = publishedKey(key);
    const der = new X509Certificate(key.certificate).raw;
    expect(published.jwk).toMatchObject({
      kty: 'RSA',
      alg: 'RS256',
      use: 'sig',
      kid: createHash('sha256').update(der).digest('base64url'),
      x5t: createHash('sha1').update(der).digest('base64url'),
      x5c: [der.toString('base64')],
    });
    expect(published.jwk).not.toHaveProperty('d');
    expect(published.certificate).toBe(key.certificate);
    expect(published.notAfter).toBe('2042-06-01T12:00:00.000Z');
  });

  it('an assertion signed with the private key verifies with the published JWK', async () => {
    const jwt = await new SignJWT({ sub: 'c' })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(await importPKCS8(key.privateKey, 'RS256'));
    const { jwk } = publishedKey(key);
    await expect(compactVerify(jwt, await importJWK(jwk, 'RS256'))).resolves.toBeDefined();
  });
});

describe('certificate serials', () => {
  it.each([
    [0x00, 0x01],
    [0x01, 0x01],
    [0x42, 0x43],
    [0x7f, 0x7f],
    [0x80, 0x01],
    [0xff, 0x7f],
  ])(
    'a random first byte %i becomes %i: positive, never a redundant leading zero',
    (first, expected) => {
      const random = Buffer.alloc(16, 0x5a);
      random[0] = first;
      const serial = certificateSerial(random);
      expect(serial[0]).toBe(expected);
      expect(serial.subarray(1)).toEqual(random.subarray(1));
    },
  );

  it.each([0x00, 0x80, 0xff])(
    'a certificate whose random serial starts with %i parses with a strict DER parser',
    (first) => {
      const random = Buffer.alloc(16, 0);
      random[0] = first;
      const certificate = new X509Certificate(selfSigned(key.privateKey, 'serial', now, random));
      expect(certificate.serialNumber.length).toBe(32);
    },
  );
});
