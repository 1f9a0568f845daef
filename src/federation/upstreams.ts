import * as oidc from 'openid-client';
import { GuestpassError } from '../http/errors.js';
import type { FederationFailure } from '../http/messages.js';
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

/** What Guestpass learns from a verified upstream ID token. */
export interface UpstreamIdentity {
  readonly issuer: string;
  readonly subject: string;
  readonly email: string | undefined;
  readonly emailVerified: boolean;
}

export interface AuthorizationChecks {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

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
    {
      cause: error,
    },
  );
}

/**
 * The upstream OpenID Providers, through openid-client: discovery (cached), the
 * authorization URL (code + PKCE S256 + state + nonce), and the code exchange, which
 * verifies the ID token (signature, iss, aud, nonce, expiry) and the response's `iss`
 * (RFC 9207). Every call has a timeout.
 */
export class Upstreams {
  readonly #configurations = new Map<
    string,
    { config: Promise<oidc.Configuration>; until: number }
  >();

  constructor(private readonly timeoutSeconds = 5) {}

  /** a fresh discovery, for validating a rule before it is saved */
  async check(issuer: string): Promise<void> {
    try {
      await this.#discover({
        id: 'check',
        domains: [],
        issuer,
        clientId: 'check',
        clientSecret: 'check',
      });
    } catch (error) {
      throw convert(error);
    }
  }

  #discover(rule: FederationRule): Promise<oidc.Configuration> {
    const insecure = new URL(rule.issuer).protocol === 'http:';
    return oidc
      .discovery(new URL(rule.issuer), rule.clientId, rule.clientSecret, undefined, {
        timeout: this.timeoutSeconds,
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .then((config) => {
        config.timeout = this.timeoutSeconds;
        return config;
      });
  }

  async #configuration(rule: FederationRule): Promise<oidc.Configuration> {
    const key = `${rule.issuer}\u0000${rule.clientId}\u0000${rule.clientSecret}`;
    const cached = this.#configurations.get(key);
    if (cached && cached.until > Date.now()) return cached.config;
    const config = this.#discover(rule);
    this.#configurations.set(key, { config, until: Date.now() + discoveryTtlMs });
    // a failed discovery is not remembered: the next sign-in tries again
    config.catch(() => this.#configurations.delete(key));
    return config;
  }

  async authorizationUrl(
    rule: FederationRule,
    redirectUri: string,
    checks: AuthorizationChecks,
    loginHint: string,
  ): Promise<string> {
    try {
      const config = await this.#configuration(rule);
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

  async exchange(
    rule: FederationRule,
    callbackUrl: URL,
    checks: AuthorizationChecks,
  ): Promise<UpstreamIdentity> {
    try {
      const config = await this.#configuration(rule);
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims)
        throw new FederationError('invalid_response', 'the identity provider returned no ID token');
      // openid-client checked iss against the discovered issuer; the rule's issuer must be it exactly
      if (claims.iss !== rule.issuer) {
        throw new FederationError(
          'invalid_response',
          `the ID token's issuer ${claims.iss} is not ${rule.issuer}`,
        );
      }
      return {
        issuer: claims.iss,
        subject: claims.sub,
        email: typeof claims.email === 'string' ? claims.email : undefined,
        emailVerified: claims.email_verified === true,
      };
    } catch (error) {
      throw convert(error);
    }
  }
}
