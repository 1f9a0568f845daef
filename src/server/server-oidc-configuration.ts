import type { JWK } from 'jose';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { Config } from '../../config/config.js';
import { defaultSigningAlg } from '../../config/signing-keys.js';
import type { SigningAlg } from '../../config/signing-keys.js';
import {
  allowedAuthMethods,
  registrationPolicyName,
  registrationPolicyWith,
} from '../directory/client-rules.js';
import type { ProviderKeys } from '../directory/signing-keys.js';

/** What the standalone server's configuration of one tenant's provider is built from. */
export interface TenantOidcParts {
  config: Config;
  tenantId: string;
  /** the private signing keys: the tenant's own, or the deployment's (JWKS_PATH) */
  jwks: { readonly keys: readonly JWK[] };
  /** the algorithm clients get by default (id_token_signed_response_alg): the signing key's */
  signingAlg: SigningAlg;
  adapter: NonNullable<Configuration['adapter']>;
  logoutSource: (ctx: KoaContextWithOIDC, form: string) => Promise<void>;
  postLogoutSuccessSource: (ctx: KoaContextWithOIDC) => Promise<void>;
}

const minutes = (n: number) => n * 60;
const days = (n: number) => n * 86400;

/** how long an ID token lives, and the clock skew tolerated when one is checked (seconds) */
export const idTokenTtlSeconds = minutes(60);
const clockToleranceSeconds = 5;
/** the longest a token signed by a key stays valid: how long a retired key stays published */
export const signedTokenLifetimeSeconds = idTokenTtlSeconds + clockToleranceSeconds;

/** The deployment's keys (JWKS_PATH, SIGNING_KEYS=deployment), as every tenant's provider uses them. */
export function deploymentKeys(config: Config): ProviderKeys {
  const alg = defaultSigningAlg(config.jwks);
  return {
    fingerprint: 'deployment',
    alg,
    jwks: () => ({ keys: config.jwks.keys.map((k) => ({ ...k })) }),
  };
}

/**
 * The standalone server, as the host of each tenant's provider: Config → its oidc-provider
 * configuration, before the plugin merges the journey in (src/plugin/journey-configuration.ts).
 * Every choice here is a product rule (README "How it is built"):
 * code flow only, PKCE (S256) for every client, rotating refresh tokens, no dev interactions,
 * every TTL explicit, cookies scoped to the tenant's path.
 */
export function serverOidcConfiguration(parts: TenantOidcParts): Configuration {
  const { config, tenantId } = parts;
  const sessionTtl = config.sessionTtlSeconds;
  return {
    adapter: parts.adapter,
    jwks: { keys: parts.jwks.keys.map((k) => ({ ...k })) } as Configuration['jwks'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      // whatever keys there are: an ES256-only deployment registers clients without naming ES256
      id_token_signed_response_alg: parts.signingAlg,
    },
    // exactly what a client may register (client-rules.ts), so discovery advertises no more
    clientAuthMethods: [...allowedAuthMethods] as Configuration['clientAuthMethods'],
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    // OIDC Core 3.1.2.1 and RP-Initiated Logout: POST at /auth and /session/end, only with an
    // https PUBLIC_URL (HTTP_POST_METHODS): a cross-site POST carries the session cookie only
    // when it is SameSite=None, which browsers keep only with Secure. The journey's forms then
    // rely on their CSRF tokens, and logout on oidc-provider's own form secret.
    enableHttpPostMethods: config.httpPostMethods,
    cookies: {
      keys: [...config.cookieSecrets],
      // the session cookie is scoped to the tenant's path: tenants on one host never share it
      long: {
        httpOnly: true,
        sameSite: config.httpPostMethods ? 'none' : 'lax',
        path: `/${tenantId}`,
      },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // a resource server (confidential client) may introspect any token of the tenant;
      // a public client only its own
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) =>
          client.clientAuthMethod !== 'none' || token.clientId === client.clientId,
      },
      // RFC 7009: a client revokes only tokens issued to it
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      // RFC 7591 at /{t}/reg, only with an initial access token a tenant admin created; every
      // such token carries the client rules as a policy, inherited by the registration access
      // token, so RFC 7592 updates obey them too (the client adapter enforces them again)
      registration: {
        enabled: true,
        initialAccessToken: true,
        policies: {
          [registrationPolicyName]: registrationPolicyWith({
            jwksUriHosts: config.clientJwksUriHosts,
          }),
        },
      },
      registrationManagement: { enabled: true, rotateRegistrationAccessToken: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: parts.logoutSource,
        postLogoutSuccessSource: parts.postLogoutSuccessSource,
      },
    },
    rotateRefreshToken: true,
    ttl: {
      AccessToken: minutes(60),
      AuthorizationCode: 60,
      ClientCredentials: minutes(10),
      IdToken: idTokenTtlSeconds,
      RefreshToken: days(14),
      Interaction: minutes(60),
      Session: sessionTtl,
      Grant: days(14),
      DeviceCode: minutes(10),
      BackchannelAuthenticationRequest: minutes(10),
      PreAuthorizedCode: minutes(10),
      // InitialAccessToken: each is created with its own expiresIn (admin API).
      // RegistrationAccessToken: none, on purpose: it lives as long as its client (RFC 7592),
      // and is rotated on every update
    },
    clockTolerance: clockToleranceSeconds,
  };
}
