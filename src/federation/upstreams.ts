import { decodeJwt, importPKCS8 } from 'jose';
import * as oidc from 'openid-client';
import { GuestpassError } from '../http/errors.js';
import type { FederationFailure } from '../http/messages.js';
import { publishedKey } from './client-key.js';
import { checkEmail, emailFromUserinfo, holdsEmail } from './email-claims.js';
import type { EmailCheck } from './email-claims.js';
import { discoveryUrl, isTemplate, issuerForTenant, tenantAllowed } from './rule.js';
import type { FederationRule } from './rule.js';

/**
 * A federated sign-in that failed, as a GuestpassError: `reason` is stable (logs, the
 * sign-in log, tests) and is also its `code`; the journey turns it into the guest's page
 * (src/http/messages.ts, federationFailed).
 */
export class FederationError extends GuestpassError {
  constructor(
    readonly reason: FederationFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(reason === 'unreachable' ? 502 : 403, reason, message, {
      expose: false,
      cause: options?.cause,
    });
    this.name = 'FederationError';
  }
}

/** The upstream's metadata states another issuer than the rule's (compared exactly). */
export class IssuerMismatchError extends FederationError {
  constructor(
    readonly stated: string,
    expected: string,
  ) {
    super('invalid_response', `its metadata states the issuer ${stated}, not ${expected}`);
    this.name = 'IssuerMismatchError';
  }
}

/** What Guestpass learns from a verified upstream ID token (and, when needed, userinfo). */
export interface UpstreamIdentity {
  /** the ID token's `iss`: for a templated rule, the guest's own tenant's issuer */
  readonly issuer: string;
  readonly subject: string;
  /** templated rules: the token's `tid` */
  readonly tenant?: string;
  readonly email: string | undefined;
  /** the email read as the rule's provider means it (src/federation/email-claims.ts) */
  readonly emailCheck: EmailCheck;
}

export interface AuthorizationChecks {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** The upstream's metadata, as its discovery document states it. */
export type UpstreamMetadata = oidc.ServerMetadata;

/** where a rule's upstream is found: its issuer, or the discovery URL of a templated one */
type Locatable = Pick<FederationRule, 'issuer' | 'discovery'>;

const discoveryTtlMs = 10 * 60 * 1000;

/** Converts openid-client's and fetch's errors once, here at the boundary. */
function convert(error: unknown): FederationError {
  if (error instanceof FederationError) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    return new FederationError('denied', `the identity provider answered ${error.error}`, {
      cause: error,
    });
  }
  if (error instanceof oidc.ResponseBodyError) {
    return new FederationError(
      'invalid_response',
      `the identity provider refused the code: ${error.error}`,
      { cause: error },
    );
  }
  const name = (error as { name?: string }).name ?? '';
  const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? '';
  if (
    error instanceof TypeError ||
    name === 'AbortError' ||
    name === 'TimeoutError' ||
    /^E[A-Z]+/.test(code)
  ) {
    return new FederationError('unreachable', 'the identity provider could not be reached', {
      cause: error,
    });
  }
  return new FederationError(
    'invalid_response',
    `the identity provider's answer failed verification: ${(error as Error).message}`,
    { cause: error },
  );
}

/** The token endpoint's answer, taken before openid-client looks at it (see #grant). */
class TokenResponse {
  constructor(readonly response: Response) {}
}

/**
 * Why the upstream cannot take the rule's client authentication, if it cannot: its
 * `token_endpoint_auth_methods_supported` (client_secret_basic when it states none).
 */
export function unsupportedClientAuth(
  rule: Pick<FederationRule, 'clientKey'> & { clientAuth?: string },
  metadata: UpstreamMetadata,
): string | undefined {
  const supported = metadata.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  const wanted =
    rule.clientKey || rule.clientAuth === 'private_key_jwt'
      ? ['private_key_jwt']
      : ['client_secret_basic', 'client_secret_post'];
  if (wanted.some((m) => supported.includes(m))) return undefined;
  return `${metadata.issuer} does not accept ${wanted.join(' or ')} (it accepts ${supported.join(', ')})`;
}

/**
 * The upstream OpenID Providers, through openid-client: discovery (cached; the metadata's
 * issuer must be the rule's exactly), the authorization URL (code + PKCE S256 + state +
 * nonce), and the code exchange, which verifies the ID token (signature with the upstream's
 * published keys, iss, aud, nonce, expiry; for templated issuers the iss of the token's own
 * tenant) and the response's `iss` (RFC 9207); userinfo fills in a missing email. Every call
 * has a timeout.
 */
export class Upstreams {
  readonly #metadata = new Map<string, { metadata: Promise<UpstreamMetadata>; until: number }>();
  /** each upstream's signing keys (by jwks_uri), shared by the Configurations made per call */
  readonly #jwks = new Map<string, oidc.ExportedJWKSCache>();

  constructor(private readonly timeoutSeconds = 5) {}

  /** a fresh discovery, for validating a rule before it is saved */
  async check(rule: Locatable): Promise<UpstreamMetadata> {
    try {
      return await this.#discover(rule);
    } catch (error) {
      throw convert(error);
    }
  }

  async #discover(rule: Locatable): Promise<UpstreamMetadata> {
    const url = new URL(discoveryUrl(rule));
    // a URL with /.well-known/ is fetched as it is; its issuer is compared just below,
    // exactly (openid-client would compare it as a URL, where a trailing slash is lost)
    const config = await oidc.discovery(url, 'guestpass', undefined, undefined, {
      timeout: this.timeoutSeconds,
      ...(url.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
    const metadata = config.serverMetadata();
    if (metadata.issuer !== rule.issuer)
      throw new IssuerMismatchError(metadata.issuer, rule.issuer);
    return metadata;
  }

  #metadataOf(rule: FederationRule): Promise<UpstreamMetadata> {
    const key = `${discoveryUrl(rule)}\u0000${rule.issuer}`;
    const cached = this.#metadata.get(key);
    if (cached && cached.until > Date.now()) return cached.metadata;
    const metadata = this.#discover(rule);
    this.#metadata.set(key, { metadata, until: Date.now() + discoveryTtlMs });
    // a failed discovery is not remembered: the next sign-in tries again
    metadata.catch(() => this.#metadata.delete(key));
    return metadata;
  }

  /** an openid-client Configuration of the rule's client at the upstream */
  async #client(
    rule: FederationRule,
    metadata: UpstreamMetadata,
    fetch?: oidc.CustomFetch,
  ): Promise<oidc.Configuration> {
    const config = new oidc.Configuration(
      metadata,
      rule.clientId,
      undefined,
      await clientAuthentication(rule, metadata),
    );
    config.timeout = this.timeoutSeconds;
    if (new URL(discoveryUrl(rule)).protocol === 'http:') oidc.allowInsecureRequests(config);
    if (fetch) config[oidc.customFetch] = fetch;
    if (metadata.jwks_uri) {
      // the ID token's signature too, with the upstream's published keys
      oidc.enableNonRepudiationChecks(config);
      const keys = this.#jwks.get(metadata.jwks_uri);
      if (keys) oidc.setJwksCache(config, keys);
    }
    return config;
  }

  /** keeps the keys a Configuration fetched for the next one */
  #keepKeys(config: oidc.Configuration) {
    const { jwks_uri } = config.serverMetadata();
    const keys = oidc.getJwksCache(config);
    if (jwks_uri && keys) this.#jwks.set(jwks_uri, keys);
  }

  async authorizationUrl(
    rule: FederationRule,
    redirectUri: string,
    checks: AuthorizationChecks,
    loginHint: string,
  ): Promise<string> {
    try {
      const config = await this.#client(rule, await this.#metadataOf(rule));
      return oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid email profile',
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
        login_hint: loginHint,
      }).href;
    } catch (error) {
      throw convert(error);
    }
  }

  /**
   * The code for tokens, verified; `emailNeeded` (a first redemption) fetches userinfo when
   * the ID token lacks what the rule's email check reads.
   */
  async exchange(
    rule: FederationRule,
    callbackUrl: URL,
    checks: AuthorizationChecks,
    options: { emailNeeded: boolean } = { emailNeeded: true },
  ): Promise<UpstreamIdentity> {
    try {
      const metadata = await this.#metadataOf(rule);
      const { tokens, tenant } = await this.#grant(rule, metadata, callbackUrl, checks);
      const claims = tokens.claims();
      if (!claims)
        throw new FederationError('invalid_response', 'the identity provider returned no ID token');
      let evidence = checkEmail(rule, claims);
      if (
        options.emailNeeded &&
        !holdsEmail(rule, claims) &&
        emailFromUserinfo(rule) &&
        metadata.userinfo_endpoint
      ) {
        const config = await this.#client(rule, { ...metadata, issuer: claims.iss });
        evidence = checkEmail(
          rule,
          await oidc.fetchUserInfo(config, tokens.access_token, claims.sub),
        );
      }
      return {
        issuer: claims.iss,
        subject: claims.sub,
        ...(tenant === undefined ? {} : { tenant }),
        email: evidence.email,
        emailCheck: evidence.check,
      };
    } catch (error) {
      throw convert(error);
    }
  }

  /**
   * The authorization code grant. openid-client compares the ID token's iss with the
   * metadata's issuer, fixed when a Configuration is made; a templated issuer is known only
   * once the token names its tenant (`tid`). So for a templated rule the token endpoint is
   * called once and its answer taken before openid-client processes it; the tenant is read
   * from it, checked against the rule, and openid-client then verifies that same answer
   * against the tenant's issuer, with the authorization response (state, RFC 9207 iss).
   */
  async #grant(
    rule: FederationRule,
    metadata: UpstreamMetadata,
    callbackUrl: URL,
    checks: AuthorizationChecks,
  ): Promise<{
    tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
    tenant?: string;
  }> {
    const grantChecks = {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    };
    if (!isTemplate(rule.issuer)) {
      const config = await this.#client(rule, metadata);
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, grantChecks);
      this.#keepKeys(config);
      return { tokens };
    }
    const response = await this.#tokenResponse(rule, metadata, callbackUrl, grantChecks);
    // an error answer (a refused code) has no tenant: the second pass turns it into its error
    const tenant = await tenantOf(response);
    let issuer = rule.issuer;
    if (tenant !== undefined) {
      const expected = issuerForTenant(rule.issuer, tenant);
      if (!expected) {
        throw new FederationError('invalid_response', "the ID token's tid is not a tenant id");
      }
      if (!tenantAllowed(rule, tenant)) {
        throw new FederationError(
          'tenant_not_allowed',
          `tenant ${tenant} is not one that rule ${rule.id} allows`,
        );
      }
      issuer = expected;
    } else if (response.ok) {
      throw new FederationError('invalid_response', 'the ID token names no tenant (tid)');
    }
    const replay = await this.#client(rule, { ...metadata, issuer }, replaying(metadata, response));
    const tokens = await oidc.authorizationCodeGrant(replay, callbackUrl, grantChecks);
    this.#keepKeys(replay);
    return { tokens, ...(tenant === undefined ? {} : { tenant }) };
  }

  /** the token endpoint's raw answer to the code (the first pass of a templated grant) */
  async #tokenResponse(
    rule: FederationRule,
    metadata: UpstreamMetadata,
    callbackUrl: URL,
    grantChecks: oidc.AuthorizationCodeGrantChecks,
  ): Promise<Response> {
    // the response's iss, if any, is checked in the second pass against the tenant's issuer
    const withoutIss = new URL(callbackUrl);
    withoutIss.searchParams.delete('iss');
    const config = await this.#client(
      rule,
      { ...metadata, authorization_response_iss_parameter_supported: false },
      async (url, options) => {
        throw new TokenResponse(await fetch(url, options as RequestInit));
      },
    );
    try {
      await oidc.authorizationCodeGrant(config, withoutIss, grantChecks);
    } catch (error) {
      const taken = (error as { cause?: unknown }).cause;
      if (taken instanceof TokenResponse) return taken.response;
      throw error;
    }
    throw new FederationError('invalid_response', 'the token endpoint was not called');
  }
}

/** fetch, except that the token endpoint answers once with the response already taken */
function replaying(metadata: UpstreamMetadata, response: Response): oidc.CustomFetch {
  let replayed = false;
  const tokenEndpoint = new URL(metadata.token_endpoint ?? '', metadata.issuer).href;
  return async (url, options) => {
    if (replayed || new URL(url).href !== tokenEndpoint) return fetch(url, options as RequestInit);
    replayed = true;
    return response;
  };
}

/** the `tid` of the ID token in a successful token response (not yet verified) */
async function tenantOf(response: Response): Promise<string | undefined> {
  if (!response.ok) return undefined;
  try {
    const body = (await response.clone().json()) as { id_token?: unknown };
    if (typeof body.id_token !== 'string') return undefined;
    const tid = decodeJwt(body.id_token).tid;
    return typeof tid === 'string' ? tid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The rule's client authentication: private_key_jwt with the key Guestpass holds (its
 * certificate's thumbprint in x5t, which Entra ID looks the certificate up by; the assertion's
 * audience the token endpoint, or the issuer when the rule says so), or the client secret
 * (client_secret_basic, or client_secret_post when the upstream takes only that).
 */
async function clientAuthentication(
  rule: FederationRule,
  metadata: UpstreamMetadata,
): Promise<oidc.ClientAuth> {
  if (rule.clientKey) {
    const { jwk } = publishedKey(rule.clientKey);
    const key = await importPKCS8(rule.clientKey.privateKey, 'RS256');
    const audience =
      rule.type === 'entra' ? 'token_endpoint' : (rule.assertionAudience ?? 'token_endpoint');
    return oidc.PrivateKeyJwt(
      { key, kid: jwk.kid },
      {
        [oidc.modifyAssertion]: (header, payload) => {
          header.x5t = jwk.x5t;
          if (audience === 'token_endpoint' && metadata.token_endpoint) {
            payload.aud = metadata.token_endpoint;
          }
        },
      },
    );
  }
  const secret = rule.clientSecret ?? '';
  const supported = metadata.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  return supported.includes('client_secret_basic') || !supported.includes('client_secret_post')
    ? oidc.ClientSecretBasic(secret)
    : oidc.ClientSecretPost(secret);
}
