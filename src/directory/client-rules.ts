import { errors } from 'oidc-provider';
import type { ClientMetadata, KoaContextWithOIDC } from 'oidc-provider';
import { isAllowedRedirectUri, redirectUriRule } from './redirect-uri.js';

/**
 * The product rules every client obeys, whoever creates it (README "Security rules"):
 * code flow only, exact https redirect URIs (http only on loopback), no secret-less machine
 * clients. A self-registering developer (RFC 7591/7592) is held to a few more: only an
 * admin lets a client skip consent, and we never fetch URLs a registrant hands us.
 */
export type ClientOrigin = 'admin' | 'registration';

/** The first rule a client breaks; the description starts with the field it names. */
export interface RuleViolation {
  readonly field: string;
  readonly description: string;
}

export const allowedGrantTypes = ['authorization_code', 'refresh_token', 'client_credentials'];
export const allowedAuthMethods = ['client_secret_basic', 'client_secret_post', 'none'];

/** metadata oidc-provider would fetch (jwks_uri, sector_identifier_uri): a request forgery surface */
const fetchedUrls = ['jwks_uri', 'sector_identifier_uri'];
const listFields = ['response_types', 'grant_types', 'redirect_uris', 'post_logout_redirect_uris'];

type Metadata = Readonly<Record<string, unknown>>;
type Check = (metadata: Metadata) => RuleViolation | undefined;

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
    : violation(
        'token_endpoint_auth_method',
        'must be client_secret_basic, client_secret_post or none',
      );
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

const shared: Check[] = [shape, codeFlowOnly, authMethod, redirectTargets, grantCombinations];
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
): RuleViolation | undefined {
  for (const check of byOrigin[origin]) {
    const found = check(metadata);
    if (found) return found;
  }
  return undefined;
}

/**
 * Throws oidc-provider's invalid_client_metadata (invalid_redirect_uri when the description
 * starts with redirect_uris, as oidc-provider itself decides) for a client a registrant may
 * not have: the one conversion of a rule violation into a protocol error.
 */
export function assertRegistrable(metadata: Metadata): void {
  const found = clientRuleViolation(metadata, 'registration');
  if (found) throw new errors.InvalidClientMetadata(found.description);
}

/** The policy name every initial access token carries (and its registration access tokens). */
export const registrationPolicyName = 'guestpass-client-rules';

/**
 * features.registration.policies[registrationPolicyName]: runs on RFC 7591 registration and,
 * inherited by the registration access token, on every RFC 7592 update.
 */
export function registrationPolicy(_ctx: KoaContextWithOIDC, properties: ClientMetadata): void {
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
  assertRegistrable(properties);
}
