import { describe, expect, it } from '@jest/globals';
import type { ClientMetadata, KoaContextWithOIDC } from 'oidc-provider';
import {
  assertRegistrable,
  clientRuleViolation,
  registrationPolicy,
} from '../../../src/directory/client-rules.js';
import type { ClientOrigin } from '../../../src/directory/client-rules.js';

type Metadata = Record<string, unknown>;

const webApp: Metadata = {
  client_name: 'Partner portal',
  redirect_uris: ['https://portal.partner.example/callback'],
};
/** a machine client as both the admin API and registration store it: no response types */
const machine: Metadata = {
  client_name: 'Nightly sync',
  response_types: [],
  grant_types: ['client_credentials'],
};

const redirectRule =
  'must be an absolute https URL (or http on localhost, 127.0.0.1 or [::1]) without a fragment';
const onlyCode =
  'only "code" is allowed (authorization code flow); implicit and hybrid response types are not';
const grantList = 'each must be authorization_code, refresh_token or client_credentials';
const authMethods =
  'must be client_secret_basic, client_secret_post, client_secret_jwt, private_key_jwt or none';
/** a client's public key, as private_key_jwt clients register it inline */
const publicKey = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1' };
const jwtClient: Metadata = {
  ...webApp,
  token_endpoint_auth_method: 'private_key_jwt',
  jwks: { keys: [publicKey] },
};
const nameRule = 'required, a non-empty string of at most 200 characters';
const notFetched = 'is not supported: Guestpass does not fetch client URLs';
const jwksUriRefused = `${notFetched} (send jwks)`;

const both: ClientOrigin[] = ['admin', 'registration'];

describe('client rules: what every client may be, whoever creates it', () => {
  it.each<[string, Metadata]>([
    [
      'a web app with an https redirect URI (defaults: code, authorization_code, client_secret_basic)',
      webApp,
    ],
    [
      'a web app that also refreshes',
      { ...webApp, grant_types: ['authorization_code', 'refresh_token'] },
    ],
    ['a machine client (client_credentials, no redirect URI)', machine],
    [
      'a client that signs users in and also runs as a machine',
      { ...webApp, grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] },
    ],
    [
      'a public client (none) on a loopback http redirect URI',
      {
        ...webApp,
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://127.0.0.1:5173/cb'],
      },
    ],
    ['client_secret_post', { ...webApp, token_endpoint_auth_method: 'client_secret_post' }],
    ['explicit code response type', { ...webApp, response_types: ['code'] }],
    [
      'several redirect URIs, all allowed',
      { ...webApp, redirect_uris: ['https://a.example/cb', 'http://localhost:3000/cb'] },
    ],
    [
      'https post-logout redirect URIs',
      { ...webApp, post_logout_redirect_uris: ['https://portal.partner.example/'] },
    ],
    ['skip_consent false, said explicitly', { ...webApp, skip_consent: false }],
    ['client_secret_jwt', { ...webApp, token_endpoint_auth_method: 'client_secret_jwt' }],
    ['private_key_jwt with its public keys inline (jwks)', jwtClient],
    [
      'a private_key_jwt machine client',
      {
        ...machine,
        ...jwtClient,
        redirect_uris: undefined,
        response_types: [],
        grant_types: ['client_credentials'],
      },
    ],
  ])('accepts %s', (_case, metadata) => {
    for (const origin of both) expect(clientRuleViolation(metadata, origin)).toBeUndefined();
  });

  it.each<[string, Metadata, string, string]>([
    // the shape of the list fields
    [
      'response_types as a string',
      { ...webApp, response_types: 'code' },
      'response_types',
      'must be an array of strings',
    ],
    [
      'grant_types holding a number',
      { ...webApp, grant_types: [1] },
      'grant_types',
      'must be an array of strings',
    ],
    [
      'redirect_uris as a string',
      { ...webApp, redirect_uris: 'https://a.example/cb' },
      'redirect_uris',
      'must be an array of strings',
    ],
    [
      'post_logout_redirect_uris holding null',
      { ...webApp, post_logout_redirect_uris: [null] },
      'post_logout_redirect_uris',
      'must be an array of strings',
    ],
    // authorization code flow only
    [
      'the implicit response type token',
      { ...webApp, response_types: ['token'] },
      'response_types',
      onlyCode,
    ],
    [
      'the implicit response type id_token',
      { ...webApp, response_types: ['id_token'] },
      'response_types',
      onlyCode,
    ],
    [
      'a hybrid response type',
      { ...webApp, response_types: ['code id_token'] },
      'response_types',
      onlyCode,
    ],
    [
      'code next to token',
      { ...webApp, response_types: ['code', 'token'] },
      'response_types',
      onlyCode,
    ],
    ['the implicit grant', { ...webApp, grant_types: ['implicit'] }, 'grant_types', grantList],
    [
      'the password grant',
      { ...webApp, grant_types: ['authorization_code', 'password'] },
      'grant_types',
      grantList,
    ],
    [
      'the device code grant',
      { ...webApp, grant_types: ['urn:ietf:params:oauth:grant-type:device_code'] },
      'grant_types',
      grantList,
    ],
    [
      'the authorization_code grant without the code response type',
      { ...webApp, response_types: [] },
      'response_types',
      'must include "code" for the authorization_code grant',
    ],
    // client authentication
    [
      'private_key_jwt without keys',
      { ...webApp, token_endpoint_auth_method: 'private_key_jwt' },
      'jwks',
      'required for private_key_jwt: the public keys the client signs with',
    ],
    [
      'keys for another auth method',
      { ...jwtClient, token_endpoint_auth_method: 'client_secret_basic' },
      'jwks',
      'only for token_endpoint_auth_method private_key_jwt',
    ],
    [
      'a jwks that is not a JWK Set',
      { ...jwtClient, jwks: [publicKey] },
      'jwks',
      'must be a JWK Set: {"keys": [...]}',
    ],
    ['an empty JWK Set', { ...jwtClient, jwks: { keys: [] } }, 'jwks', 'must hold 1 to 10 keys'],
    [
      'eleven keys',
      { ...jwtClient, jwks: { keys: Array.from({ length: 11 }, () => publicKey) } },
      'jwks',
      'must hold 1 to 10 keys',
    ],
    [
      'a symmetric key',
      { ...jwtClient, jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } },
      'jwks',
      'keys[0].kty must be RSA, EC or OKP',
    ],
    [
      'a private key',
      { ...jwtClient, jwks: { keys: [publicKey, { ...publicKey, d: 'secret' }] } },
      'jwks',
      'keys[1] holds a private part ("d"): send public keys only',
    ],
    [
      'both jwks and jwks_uri',
      { ...jwtClient, jwks_uri: 'https://partner.example/jwks' },
      'jwks_uri',
      'send either jwks or jwks_uri, not both',
    ],
    [
      'a JWKS URL we would fetch (no host allowed)',
      {
        ...webApp,
        token_endpoint_auth_method: 'private_key_jwt',
        jwks_uri: 'https://partner.example/jwks',
      },
      'jwks_uri',
      jwksUriRefused,
    ],
    [
      'tls_client_auth',
      { ...webApp, token_endpoint_auth_method: 'tls_client_auth' },
      'token_endpoint_auth_method',
      authMethods,
    ],
    [
      'an auth method that is not a string',
      { ...webApp, token_endpoint_auth_method: 1 },
      'token_endpoint_auth_method',
      authMethods,
    ],
    // redirect targets (the refused URI is quoted)
    [
      'an http redirect URI off loopback',
      { ...webApp, redirect_uris: ['http://portal.partner.example/cb'] },
      'redirect_uris',
      `"http://portal.partner.example/cb" ${redirectRule}`,
    ],
    [
      'a javascript: redirect URI after a good one',
      { ...webApp, redirect_uris: ['https://ok.example/cb', 'javascript:alert(1)'] },
      'redirect_uris',
      `"javascript:alert(1)" ${redirectRule}`,
    ],
    [
      'a redirect URI with a fragment',
      { ...webApp, redirect_uris: ['https://portal.partner.example/cb#x'] },
      'redirect_uris',
      `"https://portal.partner.example/cb#x" ${redirectRule}`,
    ],
    [
      'an http post-logout redirect URI off loopback',
      { ...webApp, post_logout_redirect_uris: ['http://portal.partner.example/'] },
      'post_logout_redirect_uris',
      `"http://portal.partner.example/" ${redirectRule}`,
    ],
    // grants that need something else
    [
      'the code flow without a redirect URI',
      { client_name: 'x' },
      'redirect_uris',
      'at least one is required for the authorization_code grant',
    ],
    [
      'the code flow with an empty redirect URI list',
      { ...webApp, redirect_uris: [] },
      'redirect_uris',
      'at least one is required for the authorization_code grant',
    ],
    [
      'refresh_token without authorization_code',
      { ...machine, grant_types: ['client_credentials', 'refresh_token'] },
      'grant_types',
      'refresh_token needs authorization_code',
    ],
    [
      'client_credentials for a public client',
      { ...machine, token_endpoint_auth_method: 'none' },
      'grant_types',
      'client_credentials needs a confidential client (token_endpoint_auth_method other than none)',
    ],
    // the first rule broken is the one named
    [
      'an implicit response type and a bad auth method: the response type first',
      { ...webApp, response_types: ['token'], token_endpoint_auth_method: 'private_key_jwt' },
      'response_types',
      onlyCode,
    ],
  ])('refuses %s, naming %s', (_case, metadata, field, message) => {
    for (const origin of both) {
      expect(clientRuleViolation(metadata, origin)).toEqual({
        field,
        description: `${field}: ${message}`,
      });
    }
  });
});

describe('client rules a self-registering developer (RFC 7591/7592) is held to as well', () => {
  it.each<[string, Metadata, string, string]>([
    ['a client without a name', { redirect_uris: webApp.redirect_uris }, 'client_name', nameRule],
    ['an empty name', { ...webApp, client_name: '' }, 'client_name', nameRule],
    ['a blank name', { ...webApp, client_name: '   ' }, 'client_name', nameRule],
    [
      'a name of 201 characters',
      { ...webApp, client_name: 'x'.repeat(201) },
      'client_name',
      nameRule,
    ],
    ['a name that is not a string', { ...webApp, client_name: 42 }, 'client_name', nameRule],
    [
      'skip_consent',
      { ...webApp, skip_consent: true },
      'skip_consent',
      'only an administrator can let a client skip consent',
    ],
    [
      'a skip_consent that is not false',
      { ...webApp, skip_consent: 'no' },
      'skip_consent',
      'only an administrator can let a client skip consent',
    ],
    [
      'a sector identifier URL we would fetch',
      { ...webApp, sector_identifier_uri: 'https://partner.example/sector' },
      'sector_identifier_uri',
      notFetched,
    ],
  ])(
    'refuses %s at registration (naming %s) but not from an admin',
    (_case, metadata, field, message) => {
      expect(clientRuleViolation(metadata, 'registration')).toEqual({
        field,
        description: `${field}: ${message}`,
      });
      expect(clientRuleViolation(metadata, 'admin')).toBeUndefined();
    },
  );

  it('accepts a name of exactly 200 characters', () => {
    expect(
      clientRuleViolation({ ...webApp, client_name: 'x'.repeat(200) }, 'registration'),
    ).toBeUndefined();
  });

  it('judges the shared rules first: an implicit client that also asks to skip consent is told about response_types', () => {
    expect(
      clientRuleViolation(
        { ...webApp, response_types: ['token'], skip_consent: true },
        'registration',
      )?.field,
    ).toBe('response_types');
  });
});

describe('assertRegistrable: the rule broken as oidc-provider protocol errors', () => {
  it.each<[string, Metadata, string, string]>([
    [
      'a redirect URI off loopback → invalid_redirect_uri',
      { ...webApp, redirect_uris: ['http://a.example/cb'] },
      'invalid_redirect_uri',
      `redirect_uris: "http://a.example/cb" ${redirectRule}`,
    ],
    [
      'a missing redirect URI → invalid_redirect_uri',
      { client_name: 'x' },
      'invalid_redirect_uri',
      'redirect_uris: at least one is required for the authorization_code grant',
    ],
    [
      'skip_consent → invalid_client_metadata',
      { ...webApp, skip_consent: true },
      'invalid_client_metadata',
      'skip_consent: only an administrator can let a client skip consent',
    ],
    [
      'a post-logout URI off loopback → invalid_client_metadata',
      { ...webApp, post_logout_redirect_uris: ['http://a.example/'] },
      'invalid_client_metadata',
      `post_logout_redirect_uris: "http://a.example/" ${redirectRule}`,
    ],
  ])('%s', (_case, metadata, error, description) => {
    expect(() => assertRegistrable(metadata)).toThrow(
      expect.objectContaining({ status: 400, message: error, error_description: description }),
    );
  });

  it('lets an allowed client through', () => {
    expect(() => assertRegistrable(webApp)).not.toThrow();
  });
});

describe('registrationPolicy: what RFC 7591 registration input becomes', () => {
  const ctx = {} as KoaContextWithOIDC;

  it.each<[string, Metadata, unknown]>([
    [
      'a machine client that asked only for client_credentials gets no response types (so no redirect URI is needed)',
      { client_name: 'm', grant_types: ['client_credentials'] },
      [],
    ],
    [
      'a client that asked for authorization_code keeps the default response type',
      { ...webApp, grant_types: ['authorization_code'] },
      undefined,
    ],
    ['a client without grant_types keeps the default response type', { ...webApp }, undefined],
    [
      'response types the registrant gave are kept',
      { ...webApp, response_types: ['code'], grant_types: ['authorization_code'] },
      ['code'],
    ],
  ])('%s', (_case, input, responseTypes) => {
    const properties = { ...input } as ClientMetadata;
    registrationPolicy(ctx, properties);
    expect(properties.response_types).toEqual(responseTypes);
  });

  it('refuses a client_credentials client that also asks to skip consent', () => {
    const properties = { ...machine, skip_consent: true } as unknown as ClientMetadata;
    expect(() => registrationPolicy(ctx, properties)).toThrow(
      expect.objectContaining({ message: 'invalid_client_metadata' }),
    );
  });

  it('a machine client asking for refresh tokens is still refused (refresh_token needs authorization_code)', () => {
    const properties = {
      client_name: 'm',
      grant_types: ['client_credentials', 'refresh_token'],
    } as unknown as ClientMetadata;
    expect(() => registrationPolicy(ctx, properties)).toThrow(
      expect.objectContaining({
        error_description: 'grant_types: refresh_token needs authorization_code',
      }),
    );
  });
});

describe('jwks_uri: fetched only from the hosts the deployment allows (CLIENT_JWKS_URI_HOSTS)', () => {
  const allowed = { jwksUriHosts: ['keys.partner.example', '127.0.0.1'] };
  const withUri = (uri: string): Metadata => ({
    ...webApp,
    token_endpoint_auth_method: 'private_key_jwt',
    jwks_uri: uri,
  });

  it.each(['https://keys.partner.example/jwks', 'http://127.0.0.1:8080/jwks'])(
    'accepts %s, on an allowed host',
    (uri) => {
      for (const origin of both)
        expect(clientRuleViolation(withUri(uri), origin, allowed)).toBeUndefined();
    },
  );

  it.each<[string, string]>([
    [
      'https://evil.example/jwks',
      'jwks_uri: the host evil.example is not one the server may fetch from; send the keys inline in jwks',
    ],
    [
      'http://keys.partner.example/jwks',
      'jwks_uri: must be an absolute https URL (http only on loopback)',
    ],
    ['not a url', 'jwks_uri: must be an absolute https URL (http only on loopback)'],
  ])('refuses %s', (uri, description) => {
    for (const origin of both)
      expect(clientRuleViolation(withUri(uri), origin, allowed)).toEqual({
        field: 'jwks_uri',
        description,
      });
  });
});
