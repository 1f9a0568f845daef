import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import * as oidc from 'openid-client';
import {
  invite,
  passcodeSignIn,
  redirectUri,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld } from '../support/guest-journey.js';
import { cliFor } from '../support/run-cli.js';

/**
 * Issue 10 item 4: discovery advertises exactly the client authentication methods a client
 * can register, and each of them works at the token endpoint: private_key_jwt with its
 * public keys inline (admin-created and dynamically registered), or at a jwks_uri on an
 * allowed host (CLIENT_JWKS_URI_HOSTS), and client_secret_jwt.
 */
type Json = Record<string, any>; // any: tests read arbitrary JSON

let world: JourneyWorld;
let jwksServer: Server;
let jwksUrl: string;
let issuer: string;
const advertised = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'none',
];

interface KeyPair {
  privateKey: CryptoKey;
  publicJwk: JWK;
}
async function keyPair(alg: 'ES256' | 'RS256' = 'ES256'): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid: randomUUID(), alg } };
}

let servedKeys: JWK[] = [];

beforeAll(async () => {
  // a relying party's own JWKS endpoint, on a host the deployment allows
  jwksServer = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: servedKeys }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;
  world = await startJourneyWorld({ CLIENT_JWKS_URI_HOSTS: '127.0.0.1' });
  expect(
    (await world.t.admin('POST', '/tenants', { id: 'fabrikam', displayName: 'Fabrikam' })).status,
  ).toBe(201);
  issuer = `${world.t.url}/fabrikam`;
});
afterAll(async () => {
  await world?.close();
  jwksServer?.closeAllConnections();
  await new Promise((resolve) => jwksServer?.close(resolve));
});

async function assertion(clientId: string, key: CryptoKey | Uint8Array, alg: string, kid?: string) {
  return new SignJWT({})
    .setProtectedHeader({ alg, ...(kid ? { kid } : {}) })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(issuer)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('1m')
    .sign(key);
}

/** client_credentials at the token endpoint with a client assertion */
async function tokenWithAssertion(clientId: string, jwt: string) {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: jwt,
    }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function register(metadata: Json) {
  const token = await world.t.admin('POST', '/tenants/fabrikam/initial-access-tokens');
  const response = await fetch(`${issuer}/reg`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token.body.token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(metadata),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

const machine = { client_name: 'Nightly sync', grant_types: ['client_credentials'] };

describe('client authentication: what discovery advertises can be registered and used', () => {
  it('discovery advertises exactly the methods a client can register', async () => {
    const discovery = (await (
      await fetch(`${issuer}/.well-known/openid-configuration`)
    ).json()) as Json;
    expect(discovery.token_endpoint_auth_methods_supported).toEqual(advertised);
    expect(discovery.token_endpoint_auth_signing_alg_values_supported).toEqual(
      expect.arrayContaining(['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA']),
    );
  });

  it('an admin-created private_key_jwt client (keys inline) authenticates with a signed assertion, and gets no secret', async () => {
    const key = await keyPair();
    const created = await world.t.admin('POST', '/tenants/fabrikam/clients', {
      ...machine,
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [key.publicJwk] },
    });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('client_secret');
    expect(created.body.jwks).toEqual({ keys: [key.publicJwk] });
    const clientId = created.body.client_id as string;

    const ok = await tokenWithAssertion(
      clientId,
      await assertion(clientId, key.privateKey, 'ES256', key.publicJwk.kid),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.access_token).toEqual(expect.any(String));

    const stranger = await keyPair();
    const refused = await tokenWithAssertion(
      clientId,
      await assertion(clientId, stranger.privateKey, 'ES256'),
    );
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_client');
  });

  it('a dynamically registered private_key_jwt client (RFC 7591, keys inline) authenticates', async () => {
    const key = await keyPair('RS256');
    const registered = await register({
      ...machine,
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [key.publicJwk] },
    });
    expect(registered.status).toBe(201);
    expect(registered.body.client_secret).toBeUndefined();
    const clientId = registered.body.client_id as string;
    const ok = await tokenWithAssertion(
      clientId,
      await assertion(clientId, key.privateKey, 'RS256'),
    );
    expect(ok.status).toBe(200);
  });

  it('a client_secret_jwt client authenticates with an assertion signed by its secret', async () => {
    const created = await world.t.admin('POST', '/tenants/fabrikam/clients', {
      ...machine,
      token_endpoint_auth_method: 'client_secret_jwt',
    });
    expect(created.status).toBe(201);
    const clientId = created.body.client_id as string;
    const secret = new TextEncoder().encode(created.body.client_secret as string);
    const ok = await tokenWithAssertion(clientId, await assertion(clientId, secret, 'HS256'));
    expect(ok.status).toBe(200);
    const wrong = new TextEncoder().encode('x'.repeat(43));
    expect(
      (await tokenWithAssertion(clientId, await assertion(clientId, wrong, 'HS256'))).status,
    ).toBe(401);
  });

  // (outside jest, oidc-provider also refuses to fetch from special-use addresses such as
  // loopback; here, in jest's sandbox, that second guard is not set up, so 127.0.0.1 serves)
  it('a jwks_uri on an allowed host is fetched for the keys', async () => {
    const key = await keyPair();
    servedKeys = [key.publicJwk];
    const registered = await register({
      ...machine,
      token_endpoint_auth_method: 'private_key_jwt',
      jwks_uri: jwksUrl,
    });
    expect(registered.status).toBe(201);
    const clientId = registered.body.client_id as string;
    const ok = await tokenWithAssertion(
      clientId,
      await assertion(clientId, key.privateKey, 'ES256', key.publicJwk.kid),
    );
    expect(ok.status).toBe(200);
  });

  it('a guest signs in at a private_key_jwt relying party (openid-client, code flow with PKCE)', async () => {
    const key = await keyPair();
    const created = await world.t.admin('POST', '/tenants/fabrikam/clients', {
      client_name: 'Partner portal',
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [key.publicJwk] },
    });
    expect(created.status).toBe(201);
    const config = await oidc.discovery(
      new URL(issuer),
      created.body.client_id,
      { token_endpoint_auth_method: 'private_key_jwt' },
      oidc.PrivateKeyJwt({ key: key.privateKey, kid: key.publicJwk.kid }),
      { execute: [oidc.allowInsecureRequests] },
    );
    await invite(world.t, 'fabrikam', 'jwt-guest@example.com', { sendEmail: false });
    const signIn = new SignIn({ clientId: created.body.client_id, clientSecret: '', config });
    const callback = await passcodeSignIn(world, signIn, 'jwt-guest@example.com');
    const tokens = await signIn.tokens(callback);
    expect(tokens.claims()?.email).toBe('jwt-guest@example.com');
  });
});

describe('the CLI registers a private_key_jwt client from a public key file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guestpass-client-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('client create --auth-method private_key_jwt --jwks <file>: no secret, and the key authenticates', async () => {
    const key = await keyPair();
    const file = join(dir, 'public.json');
    writeFileSync(file, JSON.stringify({ keys: [key.publicJwk] }));
    const cli = cliFor(world.t.url, world.t.adminToken);
    const created = await cli([
      'client',
      'create',
      'fabrikam',
      '--name',
      'Sync',
      '--grant',
      'client_credentials',
      '--auth-method',
      'private_key_jwt',
      '--jwks',
      file,
      '--json',
    ]);
    expect(created.code).toBe(0);
    const client = JSON.parse(created.stdout) as Json;
    expect(client).toMatchObject({
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [key.publicJwk] },
    });
    expect(client).not.toHaveProperty('client_secret');
    const ok = await tokenWithAssertion(
      client.client_id,
      await assertion(client.client_id, key.privateKey, 'ES256', key.publicJwk.kid),
    );
    expect(ok.status).toBe(200);

    const missing = await cli([
      'client',
      'create',
      'fabrikam',
      '--name',
      'X',
      '--jwks',
      join(dir, 'none.json'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--jwks: cannot read');
  });
});

describe('keys a client may not register (400 naming the field)', () => {
  it.each<[string, Json, string]>([
    [
      'private_key_jwt without keys',
      { token_endpoint_auth_method: 'private_key_jwt' },
      'jwks: required for private_key_jwt',
    ],
    [
      'a private key in jwks',
      {
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' }] },
      },
      'jwks: keys[0] holds a private part ("d")',
    ],
    [
      'a jwks_uri on a host the deployment does not allow',
      { token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'https://evil.example/jwks' },
      'jwks_uri: the host evil.example is not one the server may fetch from',
    ],
    [
      'jwks for a client_secret_basic client',
      {
        token_endpoint_auth_method: 'client_secret_basic',
        jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] },
      },
      'jwks: only for token_endpoint_auth_method private_key_jwt',
    ],
    [
      'tls_client_auth',
      { token_endpoint_auth_method: 'tls_client_auth' },
      'token_endpoint_auth_method',
    ],
  ])('%s: refused by the admin API and by registration', async (_case, change, description) => {
    const admin = await world.t.admin('POST', '/tenants/fabrikam/clients', {
      ...machine,
      ...change,
    });
    expect(admin.status).toBe(400);
    expect(admin.body.error).toBe('invalid_request');
    expect(admin.body.error_description).toContain(description);
    const registered = await register({ ...machine, ...change });
    expect(registered.status).toBe(400);
    expect(registered.body.error).toBe('invalid_client_metadata');
    expect(registered.body.error_description).toContain(description);
  });

  it('without CLIENT_JWKS_URI_HOSTS no jwks_uri is accepted', async () => {
    const other = await startJourneyWorld();
    try {
      await other.t.admin('POST', '/tenants', { id: 'plain', displayName: 'Plain' });
      const refused = await other.t.admin('POST', '/tenants/plain/clients', {
        ...machine,
        token_endpoint_auth_method: 'private_key_jwt',
        jwks_uri: 'https://keys.partner.example/jwks',
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error_description).toBe(
        'jwks_uri: is not supported: Guestpass does not fetch client URLs (send jwks)',
      );
    } finally {
      await other.close();
    }
  });
});
