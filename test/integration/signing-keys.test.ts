import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { loadConfig } from '../../config/load-config.js';
import { generateSigningJwks, parseSigningJwks } from '../../config/signing-keys.js';
import type { SigningAlg } from '../../config/signing-keys.js';
import {
  invite,
  passcodeSignIn,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import { runCli } from '../support/run-cli.js';

/**
 * Issue 10 item 1: a deployment whose JWKS_PATH keys are not RSA registers clients with
 * ordinary metadata (the client default follows the keys), and signs ID tokens with them.
 */
const dir = mkdtempSync(join(tmpdir(), 'guestpass-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function keyFile(alg: SigningAlg): Promise<{ path: string; kid: string }> {
  const jwks = await generateSigningJwks(alg);
  const path = join(dir, `${alg}.json`);
  writeFileSync(path, JSON.stringify(jwks));
  return { path, kid: jwks.keys[0]?.kid ?? '' };
}

const expectedKey: Record<SigningAlg, Record<string, string>> = {
  RS256: { kty: 'RSA', alg: 'RS256' },
  PS256: { kty: 'RSA', alg: 'PS256' },
  ES256: { kty: 'EC', crv: 'P-256', alg: 'ES256' },
  EdDSA: { kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' },
};

describe('deployment keys of every supported type (JWKS_PATH)', () => {
  it.each<SigningAlg>(['ES256', 'EdDSA', 'PS256', 'RS256'])(
    'with one %s key: clients register without naming the algorithm, discovery advertises it, and ID tokens are signed with it',
    async (alg) => {
      const key = await keyFile(alg);
      const world = await startJourneyWorld({ JWKS_PATH: key.path });
      try {
        // ordinary metadata, no id_token_signed_response_alg: 201 (it was 400 for ES256)
        const rp = await relyingParty(world.t, 'fabrikam');
        const discovery = (await (
          await fetch(`${world.t.url}/fabrikam/.well-known/openid-configuration`)
        ).json()) as Record<string, unknown>;
        expect(discovery.id_token_signing_alg_values_supported).toEqual([alg]);
        const jwks = (await (await fetch(`${world.t.url}/fabrikam/jwks`)).json()) as JSONWebKeySet;
        expect(jwks.keys).toEqual([expect.objectContaining({ ...expectedKey[alg], kid: key.kid })]);
        expect(jwks.keys[0]).not.toHaveProperty('d');

        await invite(world.t, 'fabrikam', `guest-${alg.toLowerCase()}@example.com`);
        const signIn = new SignIn(rp);
        const callback = await passcodeSignIn(
          world,
          signIn,
          `guest-${alg.toLowerCase()}@example.com`,
        );
        const idToken = (await signIn.tokens(callback)).id_token ?? '';
        expect(decodeProtectedHeader(idToken)).toMatchObject({ alg, kid: key.kid });
        const { payload } = await jwtVerify(idToken, createLocalJWKSet(jwks), {
          issuer: `${world.t.url}/fabrikam`,
          audience: rp.clientId,
        });
        expect(payload.email).toBe(`guest-${alg.toLowerCase()}@example.com`);
      } finally {
        await world.close();
      }
    },
  );

  it("a key set whose first key is ES256 and second RS256: both are advertised, ES256 is the clients' default", async () => {
    const es = await generateSigningJwks('ES256');
    const rs = await generateSigningJwks('RS256');
    const path = join(dir, 'mixed.json');
    writeFileSync(path, JSON.stringify({ keys: [...es.keys, ...rs.keys] }));
    const world = await startJourneyWorld({ JWKS_PATH: path });
    try {
      await world.t.admin('POST', '/tenants', { id: 'mixed', displayName: 'Mixed' });
      const discovery = (await (
        await fetch(`${world.t.url}/mixed/.well-known/openid-configuration`)
      ).json()) as Record<string, unknown>;
      expect(discovery.id_token_signing_alg_values_supported).toEqual(
        expect.arrayContaining(['ES256', 'RS256']),
      );
      const created = await world.t.admin('POST', '/tenants/mixed/clients', {
        client_name: 'App',
        redirect_uris: ['https://app.example/cb'],
      });
      expect(created.status).toBe(201);
      const provider = await world.t.app.services.providerOf(
        (await world.t.app.services.tenants.find('mixed'))!,
      );
      const client = await provider.Client.find(created.body.client_id);
      expect(client?.metadata().id_token_signed_response_alg).toBe('ES256');
    } finally {
      await world.close();
    }
  });

  it.each<[string, object, RegExp]>([
    [
      'a P-384 key',
      { kty: 'EC', crv: 'P-384', kid: 'p384', d: 'x', x: 'x', y: 'y' },
      /key p384 \(ES384|EC P-384\) cannot be used: keys must be RS256, PS256, ES256 or EdDSA keys/,
    ],
    [
      'an RSA key for RS512',
      { kty: 'RSA', alg: 'RS512', kid: 'r512', d: 'x', n: 'x', e: 'AQAB' },
      /key r512 \(RS512\) cannot be used/,
    ],
    [
      'a symmetric key',
      { kty: 'oct', kid: 'hmac', k: 'c2VjcmV0' },
      /key hmac \(oct\) cannot be used/,
    ],
    [
      'an encryption key',
      { kty: 'EC', crv: 'P-256', kid: 'enc', use: 'enc', d: 'x', x: 'x', y: 'y' },
      /key enc has "use": "enc"/,
    ],
  ])(
    'JWKS_PATH holding %s is refused at start, naming the variable and the key',
    async (_case, key, message) => {
      const path = join(dir, `bad-${String((key as { kid: string }).kid)}.json`);
      writeFileSync(path, JSON.stringify({ keys: [key] }));
      await expect(loadConfig({ JWKS_PATH: path })).rejects.toMatchObject({
        problems: [
          expect.stringMatching(new RegExp(`^JWKS_PATH: cannot use .*: ${message.source}`)),
        ],
      });
    },
  );

  it.each<SigningAlg>(['RS256', 'PS256', 'ES256', 'EdDSA'])(
    '`keys generate --alg %s` prints a private key set of that type, usable as JWKS_PATH',
    async (alg) => {
      const generated = await runCli(['keys', 'generate', '--alg', alg]);
      expect(generated.code).toBe(0);
      const jwks = parseSigningJwks(generated.stdout);
      expect(jwks.keys).toEqual([
        expect.objectContaining({ ...expectedKey[alg], use: 'sig', d: expect.any(String) }),
      ]);
    },
  );

  it('`keys generate --alg ES384` is a usage error naming the choices', async () => {
    const refused = await runCli(['keys', 'generate', '--alg', 'ES384']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--alg');
    expect(refused.stderr).toContain('RS256, PS256, ES256, EdDSA');
  });
});

describe('the signing settings are checked at start, each problem naming its variable', () => {
  it.each<[string, Record<string, string>, RegExp]>([
    ['an unknown mode', { SIGNING_KEYS: 'both' }, /^SIGNING_KEYS: must be deployment or tenant$/],
    [
      'an unsupported algorithm for tenant keys',
      { SIGNING_KEYS: 'tenant', SIGNING_KEY_ALG: 'ES384' },
      /^SIGNING_KEY_ALG: must be RS256, PS256, ES256 or EdDSA$/,
    ],
    [
      'a cache longer than the overlap',
      { SIGNING_KEYS: 'tenant', SIGNING_KEY_OVERLAP_SECONDS: '60' },
      /^METADATA_CACHE_SECONDS: must be at most SIGNING_KEY_OVERLAP_SECONDS \(60\)/,
    ],
    [
      'a URL where a host name belongs',
      { CLIENT_JWKS_URI_HOSTS: 'keys.partner.example,https://keys.example' },
      /^CLIENT_JWKS_URI_HOSTS: "https:\/\/keys.example" is not a host name/,
    ],
    [
      'an unknown POST setting',
      { HTTP_POST_METHODS: 'yes' },
      /^HTTP_POST_METHODS: must be auto, on or off$/,
    ],
  ])('refuses %s', async (_case, env, line) => {
    await expect(loadConfig(env)).rejects.toMatchObject({
      problems: [expect.stringMatching(line)],
    });
  });

  it('SIGNING_KEYS=tenant refuses a JWKS_PATH (it would not be used)', async () => {
    const key = await keyFile('ES256');
    await expect(loadConfig({ SIGNING_KEYS: 'tenant', JWKS_PATH: key.path })).rejects.toMatchObject(
      {
        problems: [expect.stringMatching(/^JWKS_PATH: not used with SIGNING_KEYS=tenant/)],
      },
    );
  });

  it('in production, SIGNING_KEYS=tenant needs no JWKS_PATH; the default (deployment) does', async () => {
    const production = {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://id.example.com',
      REDIS_URL: 'redis://127.0.0.1:6379',
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      ADMIN_TOKEN: 'a'.repeat(40),
      COOKIE_SECRETS: 'b'.repeat(40),
    };
    const config = await loadConfig({ ...production, SIGNING_KEYS: 'tenant' });
    expect(config).toMatchObject({
      signingKeys: 'tenant',
      signingKeyAlg: 'RS256',
      httpPostMethods: true,
    });
    await expect(loadConfig(production)).rejects.toMatchObject({
      problems: [expect.stringMatching(/^JWKS_PATH: required in production/)],
    });
  });
});
