import * as oidc from 'openid-client';
import type { Config } from '../../config/config.js';
import { demoClientId, demoGuestEmail, demoUrls } from './seed-demo.js';

/** What the demo keeps between sign-in and callback (in a signed cookie). */
export interface Transaction {
  verifier: string;
  state: string;
  nonce: string;
}

/**
 * The demo relying party's OpenID client: a public client (PKCE, no secret) of the demo
 * tenant, talking to this very server over HTTP. Discovery is lazy (first sign-in): at
 * start-up the server is not listening yet.
 */
export class DemoClient {
  #configuration: Promise<oidc.Configuration> | undefined;

  constructor(private readonly config: Pick<Config, 'publicUrl'>) {}

  get urls() {
    return demoUrls(this.config);
  }

  configuration(): Promise<oidc.Configuration> {
    this.#configuration ??= oidc
      .discovery(new URL(this.urls.issuer), demoClientId, undefined, oidc.None(), {
        // dev runs on plain http (localhost)
        execute: [oidc.allowInsecureRequests],
      })
      .catch((error: unknown) => {
        this.#configuration = undefined; // try again at the next sign-in
        throw error;
      });
    return this.#configuration;
  }

  /** a new transaction and the authorization URL it belongs to */
  async start(): Promise<{ transaction: Transaction; url: URL }> {
    const configuration = await this.configuration();
    const transaction: Transaction = {
      verifier: oidc.randomPKCECodeVerifier(),
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.urls.callback,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(transaction.verifier),
      code_challenge_method: 'S256',
      state: transaction.state,
      nonce: transaction.nonce,
      login_hint: demoGuestEmail,
    });
    return { transaction, url };
  }

  /** the code exchange; checks state, nonce and PKCE; returns the (verified) ID token */
  async finish(transaction: Transaction, search: string): Promise<string> {
    const configuration = await this.configuration();
    // the callback URL as registered, whatever Host the browser used
    const tokens = await oidc.authorizationCodeGrant(
      configuration,
      new URL(`${this.urls.callback}${search}`),
      {
        pkceCodeVerifier: transaction.verifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      },
    );
    if (!tokens.id_token) throw new Error('the token response has no ID token');
    return tokens.id_token;
  }

  /**
   * RP-initiated logout at the tenant, back to the demo page; undefined when the tenant
   * publishes no end_session_endpoint (then the demo signs out locally only)
   */
  async endSessionUrl(idToken: string): Promise<URL | undefined> {
    const configuration = await this.configuration();
    if (!configuration.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(configuration, {
      id_token_hint: idToken,
      post_logout_redirect_uri: this.urls.page,
    });
  }
}

export function encodeTransaction(transaction: Transaction): string {
  return Buffer.from(JSON.stringify(transaction)).toString('base64url');
}

export function decodeTransaction(value: string | undefined): Transaction | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<
      Record<keyof Transaction, unknown>
    >;
    const { verifier, state, nonce } = parsed;
    return typeof verifier === 'string' && typeof state === 'string' && typeof nonce === 'string'
      ? { verifier, state, nonce }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The payload of a JWT this demo received from the token endpoint (so already verified). */
export function idTokenClaims(idToken: string): Record<string, unknown> | undefined {
  try {
    const payload = idToken.split('.')[1] ?? '';
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
