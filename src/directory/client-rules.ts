import { errors } from 'oidc-provider';
import type { ClientMetadata, KoaContextWithOIDC } from 'oidc-provider';
import { isAllowedRedirectUri, redirectUriRule } from './redirect-uri.js';

/**
 * The product rules every client obeys, whoever creates it (README "Security rules"):
 * code flow only, exact https redirect URIs (http only on loopback), no secret-less machine
 * clients, private_key_jwt with its public keys inline (`jwks`) or at a `jwks_uri` on a host
 * the deployment allows. A self-registering developer (RFC 7591/7592) is held to a few more:
 * only an admin lets a client skip consent, and we never fetch other URLs a registrant hands us.
 */
export type ClientOrigin = 'admin' | 'registration';

/** What the rules need of the deployment's settings. */
export interface ClientRuleOptions {
  /** hosts a client's jwks_uri may name (CLIENT_JWKS_URI_HOSTS); none: jwks_uri is refused */
  readonly jwksUriHosts?: readonly string[];
}

/** The first rule a client breaks; the description starts with the field it names. */
export interface RuleViolation {
  readonly field: string;
  readonly description: string;
}

export const allowedGrantTypes = ['authorization_code', 'refresh_token', 'client_credentials'];
/**
 * Every client authentication method a client may register, and so exactly what discovery
 * advertises (token_endpoint_auth_methods_supported). tls_client_auth and its kin need
 * mutual TLS, which Guestpass does not terminate.
 */
export const allowedAuthMethods = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'none',
];
const authMethodList =
  'must be client_secret_basic, client_secret_post, client_secret_jwt, private_key_jwt or none';

/** Whether a client authenticating this way needs a client secret (generated and sealed). */
export const needsClientSecret = (method: unknown): boolean =>
  method === undefined ||
  method === 'client_secret_basic' ||
  method === 'client_secret_post' ||
  method === 'client_secret_jwt';

/** metadata oidc-provider would fetch from a registrant's URL: a request forgery surface */
const fetchedUrls = ['sector_identifier_uri'];
const listFields = ['response_types', 'grant_types', 'redirect_uris', 'post_logout_redirect_uris'];
/** a client's own public keys: few, and small (the admin API reads bodies of up to 64 KiB) */
const maxClientKeys = 10;
const clientKeyTypes = new Set(['RSA', 'EC', 'OKP']);
const privateKeyMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'];

type Metadata = Readonly<Record<string, unknown>>;
type Check = (metadata: Metadata, options: ClientRuleOptions) => RuleViolation | undefined;

const violation = (field: string, message: string): RuleViolation => ({
  field,
  description: `${field}: ${message}`,
});

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

/** A list field as oidc-provider reads it: absent means its default (checked by `shape` first). */
const list = (metadata: Metadata, field: string, fallback: string[] = []): string[] => {
  const value = metadata[field];
  return isStringList(value) ? value : fallback;
};

const shape: Check = (metadata) => {
  for (const field of listFields) {
    if (metadata[field] !== undefined && !isStringList(metadata[field])) {
      return violation(field, 'must be an array of strings');
    }
  }
  return undefined;
};

const codeFlowOnly: Check = (metadata) => {
  const responseTypes = list(metadata, 'response_types', ['code']);
  if (responseTypes.some((type) => type !== 'code')) {
    return violation(
      'response_types',
      'only "code" is allowed (authorization code flow); implicit and hybrid response types are not',
    );
  }
  const grants = list(metadata, 'grant_types', ['authorization_code']);
  if (grants.some((grant) => !allowedGrantTypes.includes(grant))) {
    return violation(
      'grant_types',
      'each must be authorization_code, refresh_token or client_credentials',
    );
  }
  if (grants.includes('authorization_code') && !responseTypes.includes('code')) {
    return violation('response_types', 'must include "code" for the authorization_code grant');
  }
  return undefined;
};

const authMethod: Check = (metadata) => {
  const method = metadata.token_endpoint_auth_method ?? 'client_secret_basic';
  return typeof method === 'string' && allowedAuthMethods.includes(method)
    ? undefined
    : violation('token_endpoint_auth_method', authMethodList);
};

/** `jwks`: public keys only (RSA, EC, OKP), at most ten; the first problem found */
function clientKeysProblem(jwks: unknown): string | undefined {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (typeof jwks !== 'object' || jwks === null || Array.isArray(jwks) || !Array.isArray(keys))
    return 'must be a JWK Set: {"keys": [...]}';
  if (keys.length === 0 || keys.length > maxClientKeys)
    return `must hold 1 to ${maxClientKeys} keys`;
  for (const [index, key] of keys.entries()) {
    if (typeof key !== 'object' || key === null || Array.isArray(key))
      return `keys[${index}] must be a JWK (an object)`;
    const jwk = key as Record<string, unknown>;
    if (typeof jwk.kty !== 'string' || !clientKeyTypes.has(jwk.kty))
      return `keys[${index}].kty must be RSA, EC or OKP`;
    const secret = privateKeyMembers.find((member) => jwk[member] !== undefined);
    if (secret !== undefined)
      return `keys[${index}] holds a private part ("${secret}"): send public keys only`;
  }
  return undefined;
}

/**
 * private_key_jwt: the client's public keys, inline (`jwks`) or at a `jwks_uri` whose host the
 * deployment allows (it is fetched by the server: nothing else is); keys only for that method.
 */
const clientKeys: Check = (metadata, options) => {
  const method = metadata.token_endpoint_auth_method;
  const { jwks, jwks_uri: jwksUri } = metadata;
  if (jwks !== undefined && jwksUri !== undefined)
    return violation('jwks_uri', 'send either jwks or jwks_uri, not both');
  if (jwks !== undefined) {
    const problem = clientKeysProblem(jwks);
    if (problem) return violation('jwks', problem);
  }
  if (jwksUri !== undefined) {
    const hosts = options.jwksUriHosts ?? [];
    if (hosts.length === 0)
      return violation(
        'jwks_uri',
        'is not supported: Guestpass does not fetch client URLs (send jwks)',
      );
    const host =
      typeof jwksUri === 'string' && isAllowedRedirectUri(jwksUri)
        ? new URL(jwksUri).hostname
        : undefined;
    if (host === undefined)
      return violation('jwks_uri', 'must be an absolute https URL (http only on loopback)');
    if (!hosts.includes(host))
      return violation(
        'jwks_uri',
        `the host ${host} is not one the server may fetch from; send the keys inline in jwks`,
      );
  }
  const hasKeys = jwks !== undefined || jwksUri !== undefined;
  if (method === 'private_key_jwt' && !hasKeys)
    return violation('jwks', 'required for private_key_jwt: the public keys the client signs with');
  if (method !== 'private_key_jwt' && hasKeys)
    return violation(
      jwks !== undefined ? 'jwks' : 'jwks_uri',
      'only for token_endpoint_auth_method private_key_jwt',
    );
  return undefined;
};

const redirectTargets: Check = (metadata) => {
  for (const field of ['redirect_uris', 'post_logout_redirect_uris']) {
    const refused = list(metadata, field).find((uri) => !isAllowedRedirectUri(uri));
    if (refused !== undefined)
      return violation(field, `${JSON.stringify(refused)} ${redirectUriRule}`);
  }
  return undefined;
};

const grantCombinations: Check = (metadata) => {
  const usesCode = list(metadata, 'response_types', ['code']).includes('code');
  const grants = list(metadata, 'grant_types', ['authorization_code']);
  if (usesCode && list(metadata, 'redirect_uris').length === 0) {
    return violation('redirect_uris', 'at least one is required for the authorization_code grant');
  }
  if (grants.includes('refresh_token') && !usesCode) {
    return violation('grant_types', 'refresh_token needs authorization_code');
  }
  const method = metadata.token_endpoint_auth_method ?? 'client_secret_basic';
  if (grants.includes('client_credentials') && method === 'none') {
    return violation(
      'grant_types',
      'client_credentials needs a confidential client (token_endpoint_auth_method other than none)',
    );
  }
  return undefined;
};

// guests see the client's name on the consent page, as for admin-created clients
const clientName: Check = (metadata) => {
  const name = metadata.client_name;
  return typeof name === 'string' && name.trim().length > 0 && name.length <= 200
    ? undefined
    : violation('client_name', 'required, a non-empty string of at most 200 characters');
};

const noSkipConsent: Check = (metadata) =>
  metadata.skip_consent === undefined || metadata.skip_consent === false
    ? undefined
    : violation('skip_consent', 'only an administrator can let a client skip consent');

const noFetchedUrls: Check = (metadata) => {
  const field = fetchedUrls.find((name) => metadata[name] !== undefined);
  return field
    ? violation(field, 'is not supported: Guestpass does not fetch client URLs')
    : undefined;
};

const shared: Check[] = [
  shape,
  codeFlowOnly,
  authMethod,
  clientKeys,
  redirectTargets,
  grantCombinations,
];
const byOrigin: Record<ClientOrigin, Check[]> = {
  admin: shared,
  registration: [...shared, clientName, noSkipConsent, noFetchedUrls],
};

/**
 * The first rule `metadata` breaks, or undefined. Absent fields count with oidc-provider's
 * defaults (response_types ["code"], grant_types ["authorization_code"], client_secret_basic),
 * so raw registration input and stored metadata are judged alike.
 */
export function clientRuleViolation(
  metadata: Metadata,
  origin: ClientOrigin,
  options: ClientRuleOptions = {},
): RuleViolation | undefined {
  for (const check of byOrigin[origin]) {
    const found = check(metadata, options);
    if (found) return found;
  }
  return undefined;
}

/**
 * Throws oidc-provider's invalid_client_metadata (invalid_redirect_uri when the description
 * starts with redirect_uris, as oidc-provider itself decides) for a client a registrant may
 * not have: the one conversion of a rule violation into a protocol error.
 */
export function assertRegistrable(metadata: Metadata, options: ClientRuleOptions = {}): void {
  const found = clientRuleViolation(metadata, 'registration', options);
  if (found) throw new errors.InvalidClientMetadata(found.description);
}

/** The policy name every initial access token carries (and its registration access tokens). */
export const registrationPolicyName = 'guestpass-client-rules';

/**
 * features.registration.policies[registrationPolicyName]: runs on RFC 7591 registration and,
 * inherited by the registration access token, on every RFC 7592 update.
 */
export function registrationPolicy(
  _ctx: KoaContextWithOIDC,
  properties: ClientMetadata,
  options: ClientRuleOptions = {},
): void {
  // RFC 7591 defaults response_types to ["code"]; a machine client that asked only for
  // client_credentials would then need a redirect URI it has no use for
  const grants = properties.grant_types;
  if (
    properties.response_types === undefined &&
    Array.isArray(grants) &&
    !grants.includes('authorization_code')
  ) {
    properties.response_types = [];
  }
  assertRegistrable(properties, options);
}

/** registrationPolicy with the deployment's settings, as oidc-provider calls a policy. */
export const registrationPolicyWith =
  (options: ClientRuleOptions) => (ctx: KoaContextWithOIDC, properties: ClientMetadata) =>
    registrationPolicy(ctx, properties, options);
