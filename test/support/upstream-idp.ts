import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { errors, interactionPolicy } from 'oidc-provider';
import type {
  Adapter,
  Configuration,
  FindAccount,
  InteractionResults,
  KoaContextWithOIDC,
} from 'oidc-provider';
import { freePort } from './free-port.js';

export interface UpstreamAccount {
  sub: string;
  email: string;
  /** absent: the IdP states nothing about it (Entra ID) */
  email_verified?: boolean;
  name?: string;
  /** further claims of the account, in the ID token (hd, tid, xms_edov, …) */
  claims?: Record<string, unknown>;
}

/** A client the stand-in registers: a secret, or a JWKS for private_key_jwt. */
export interface UpstreamClient {
  clientId: string;
  clientSecret?: string;
  jwks?: { keys: object[] };
  redirectUris: string[];
}

/** What a private_key_jwt client sent as its assertion (decoded, after verification). */
export interface SeenAssertion {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

export interface UpstreamIdp {
  /** e.g. http://127.0.0.1:PORT (no trailing slash), or as `issuerPath` makes it */
  readonly issuer: string;
  /** by sub; tests add and modify accounts at any time (read on every sign-in and token) */
  readonly accounts: Map<string, UpstreamAccount>;
  /** registers (or replaces) a confidential client: code flow, PKCE required */
  addClient(client: UpstreamClient): void;
  /** how the next authorization requests are answered (default 'login') */
  behave(mode: 'login' | 'deny'): void;
  /** who signs in: by default the account whose email equals login_hint (case-insensitive) */
  signInAs(sub: string | undefined): void;
  /** the query parameters of every GET authorization request the IdP received, oldest first */
  readonly authorizationRequests: Record<string, string>[];
  /** every private_key_jwt client assertion the token endpoint accepted, oldest first */
  readonly assertions: SeenAssertion[];
  /** closes the server (the IdP is then unreachable) */
  stop(): Promise<void>;
  /** listens again on the same port */
  start(): Promise<void>;
}

export interface UpstreamIdpOptions {
  accounts?: UpstreamAccount[];
  /** the issuer's path: '/' makes an Auth0-style issuer, http://127.0.0.1:PORT/ */
  issuerPath?: string;
  /** 'userinfo': email and email_verified only at userinfo, never in the ID token */
  emailIn?: 'id_token' | 'userinfo';
  /** private_key_jwt: the one `aud` the IdP takes (as Auth0: the issuer) */
  assertionAudience?: 'issuer';
  /** client secrets only, no private_key_jwt (as Google) */
  secretsOnly?: boolean;
}

const authorizationPath = '/auth';

/**
 * The IdP decides every authorization request itself: without this check an existing
 * upstream session would sign in silently and `behave`/`signInAs` would not apply. It asks
 * only before a login result exists, so resuming after the interaction does not loop.
 */
function alwaysDecidePolicy() {
  const policy = interactionPolicy.base();
  const login = policy.get('login');
  if (!login) throw new Error('oidc-provider has no login prompt');
  login.checks.add(
    new interactionPolicy.Check(
      'upstream_fixture',
      'the upstream IdP decides every request',
      (ctx) =>
        ctx.oidc.result?.login
          ? interactionPolicy.Check.NO_NEED_TO_PROMPT
          : interactionPolicy.Check.REQUEST_PROMPT,
    ),
  );
  return policy;
}

/** the default in-memory adapter announces itself on console.warn at construction */
function constructQuietly(issuer: string, configuration: Configuration): Provider {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('in-memory adapter')) return;
    warn(...args);
  };
  try {
    return new Provider(issuer, configuration);
  } finally {
    console.warn = warn;
  }
}

/** A signing key; a provider with several tenants (Entra ID) signs with one for all. */
export async function signingJwk() {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

/** How the stand-in answers the next authorization requests (tests change it at any time). */
export interface Behaviour {
  mode: 'login' | 'deny';
  signInAs: string | undefined;
}

/** One node-oidc-provider of a stand-in, with its interaction route and client registration. */
export interface StandIn {
  readonly provider: Provider;
  /** the interaction route: decides at once, with no page */
  signIn(req: IncomingMessage, res: ServerResponse): Promise<void>;
  addClient(client: UpstreamClient): void;
}

export interface StandInConfig {
  /** the accounts this provider signs in (read on every sign-in and token) */
  accounts: () => Iterable<UpstreamAccount>;
  jwk: object;
  /** the absolute path of interactions, ending in / */
  interactionPath: string;
  /** prefix of the provider's cookie names (several providers share 127.0.0.1) */
  cookiePrefix: string;
  emailIn: 'id_token' | 'userinfo';
  /** the token endpoint's client authentication methods (default: secrets and private_key_jwt) */
  clientAuthMethods?: Configuration['clientAuthMethods'];
  behaviour: Behaviour;
  /** sees (and may refuse) every verified private_key_jwt client assertion */
  onAssertion?: (ctx: KoaContextWithOIDC, seen: SeenAssertion) => void;
}

/**
 * A node-oidc-provider standing in for a guest's home IdP. Its claims are those of the
 * account (email, email_verified, name, and any further `claims`), in the ID token unless
 * `emailIn` is 'userinfo'; its interaction route decides at once, with no page, so a browser
 * or an HTTP test passes through it with plain redirects.
 */
export function createStandIn(issuer: string, config: StandInConfig): StandIn {
  const { behaviour } = config;
  const find = (sub: string) => [...config.accounts()].find((a) => a.sub === sub);

  const findAccount: FindAccount = async (_ctx, sub) => {
    if (!find(sub)) return undefined;
    return {
      accountId: sub,
      // read at claim time: a test may change the account between sign-in and token
      async claims() {
        const account = find(sub);
        if (!account) return { sub };
        const { email, email_verified, name, claims } = account;
        return {
          ...claims,
          sub,
          email,
          ...(email_verified === undefined ? {} : { email_verified }),
          ...(name === undefined ? {} : { name }),
        };
      },
    };
  };

  const provider = constructQuietly(issuer, {
    findAccount,
    jwks: { keys: [config.jwk] } as Configuration['jwks'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    claims: {
      openid: ['sub', 'tid', 'oid', 'hd', 'ver'],
      email: ['email', 'email_verified', 'xms_edov'],
      profile: ['name', 'preferred_username'],
    },
    // 'id_token': the email scope's claims ride in the ID token too (as Google's, Auth0's);
    // 'userinfo': only at userinfo, the ID token has sub and the openid scope's claims
    conformIdTokenClaims: config.emailIn === 'userinfo',
    clientBasedCORS: () => true,
    clientAuthMethods: config.clientAuthMethods ?? [
      'client_secret_basic',
      'client_secret_post',
      'private_key_jwt',
    ],
    async assertJwtClientAuthClaimsAndHeader(ctx, payload, header) {
      config.onAssertion?.(ctx, { header: { ...header }, payload: { ...payload } });
    },
    features: { devInteractions: { enabled: false } },
    interactions: {
      policy: alwaysDecidePolicy(),
      url: (_ctx, interaction) => `${config.interactionPath}${interaction.uid}`,
    },
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      // Guestpass is on 127.0.0.1 too, and cookies ignore ports: names of our own keep the
      // providers' _session/_interaction cookies from shadowing each other
      names: {
        session: `${config.cookiePrefix}_session`,
        interaction: `${config.cookiePrefix}_interaction`,
        resume: `${config.cookiePrefix}_interaction_resume`,
      },
    },
    // explicit TTLs (the defaults print notices)
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    async renderError(ctx, out) {
      ctx.type = 'text';
      ctx.body = `upstream IdP error: ${out.error}: ${out.error_description ?? ''}`;
    },
  });
  provider.on('server_error', (_ctx: unknown, error: Error) => {
    console.error('upstream IdP server_error', error);
  });

  async function signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const interaction = await provider.interactionDetails(req, res);
    const deny = (description: string) =>
      provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: description },
        { mergeWithLastSubmission: false },
      );
    if (behaviour.mode === 'deny') return deny('the user declined');

    const { prompt, params } = interaction;
    if (prompt.name === 'login') {
      const hint = typeof params.login_hint === 'string' ? params.login_hint.toLowerCase() : '';
      const account =
        behaviour.signInAs === undefined
          ? [...config.accounts()].find((a) => a.email.toLowerCase() === hint)
          : find(behaviour.signInAs);
      if (!account) {
        return deny(
          behaviour.signInAs === undefined
            ? `no upstream account for login_hint "${hint}"`
            : `no upstream account with sub "${behaviour.signInAs}"`,
        );
      }
      const previous = interaction.session;
      if (previous && previous.accountId !== account.sub) {
        // switching accounts, node-oidc-provider first ends the old session through an
        // auto-submitted logout form (resume.js); ending it here keeps plain redirects
        await (await provider.Session.findByUid(previous.uid))?.destroy();
        interaction.session = undefined;
        await interaction.persist();
      }
      const result: InteractionResults = { login: { accountId: account.sub } };
      return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    }

    if (prompt.name === 'consent') {
      // as node-oidc-provider's example: grant whatever the request is missing
      const { accountId } = interaction.session ?? {};
      if (!accountId) return deny('no signed-in account at consent');
      const grant = interaction.grantId
        ? await provider.Grant.find(interaction.grantId)
        : new provider.Grant({ accountId, clientId: String(params.client_id) });
      if (!grant) return deny('the grant is gone');
      const details = prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
      if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
      const grantId = await grant.save();
      return provider.interactionFinished(
        req,
        res,
        { consent: interaction.grantId ? {} : { grantId } },
        { mergeWithLastSubmission: true },
      );
    }

    return deny(`the upstream fixture does not handle the ${prompt.name} prompt`);
  }

  return {
    provider,
    signIn,
    addClient({ clientId, clientSecret, jwks, redirectUris }) {
      // the Client model's adapter is the provider's own in-memory store (typed only on
      // other models); its upsert completes synchronously, so the client exists on return
      const adapter = (provider.Client as unknown as { adapter: Adapter }).adapter;
      void adapter.upsert(clientId, {
        client_id: clientId,
        ...(jwks
          ? { jwks, token_endpoint_auth_method: 'private_key_jwt' }
          : { client_secret: clientSecret, token_endpoint_auth_method: 'client_secret_basic' }),
        redirect_uris: [...redirectUris],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        id_token_signed_response_alg: 'RS256',
      });
    },
  };
}

/** Where a stand-in's server sends a request. */
export interface StandInRoute {
  readonly standIn: StandIn;
  /** the provider's mount: its issuer's path ('' at the root) */
  readonly prefix: string;
  readonly authorization: boolean;
  readonly interaction: boolean;
}

/**
 * Serves the interaction route itself, records authorization requests, and passes the rest
 * to the provider below its mount (node-oidc-provider reads the mount from `originalUrl`).
 */
export function standInHandler(
  origin: string,
  authorizationRequests: Record<string, string>[],
  route: (path: string) => StandInRoute | undefined,
) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    const target = route(url.pathname);
    if (!target) {
      res.statusCode = 404;
      res.end();
      return;
    }
    if (req.method === 'GET' && target.authorization) {
      authorizationRequests.push(Object.fromEntries(url.searchParams));
    }
    if (req.method === 'GET' && target.interaction) {
      target.standIn.signIn(req, res).catch((error: unknown) => {
        // e.g. SessionNotFound: the interaction cookie did not come back
        if (res.headersSent) return;
        res.statusCode = 400;
        res.setHeader('content-type', 'text/plain');
        res.end(`upstream IdP interaction failed: ${(error as Error).message}`);
      });
      return;
    }
    if (target.prefix) {
      Object.assign(req, { originalUrl: req.url });
      req.url = req.url?.slice(target.prefix.length) || '/';
    }
    void target.standIn.provider.callback()(req, res);
  };
}

/** A loopback HTTP server that can be stopped and started again on the same port. */
export async function loopbackServer(
  port: number,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
) {
  const server: Server = createServer(handler);
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen();
  return {
    async stop() {
      if (!server.listening) return;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
    async start() {
      if (!server.listening) await listen();
    },
  };
}

/**
 * A second node-oidc-provider on loopback standing in for a guest's home IdP (federation
 * tests): at http://127.0.0.1:PORT, or with `issuerPath: '/'` an Auth0-style issuer that ends
 * in a slash; with `emailIn: 'userinfo'` an IdP whose ID token has no email.
 */
export async function startUpstreamIdp(options: UpstreamIdpOptions = {}): Promise<UpstreamIdp> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const issuer = `${origin}${options.issuerPath ?? ''}`;
  const accounts = new Map((options.accounts ?? []).map((a) => [a.sub, { ...a }]));
  const authorizationRequests: Record<string, string>[] = [];
  const assertions: SeenAssertion[] = [];
  const behaviour: Behaviour = { mode: 'login', signInAs: undefined };
  const interactionPath = '/interaction/';

  const standIn = createStandIn(issuer, {
    accounts: () => accounts.values(),
    jwk: await signingJwk(),
    interactionPath,
    cookiePrefix: 'upstream',
    emailIn: options.emailIn ?? 'id_token',
    ...(options.secretsOnly
      ? { clientAuthMethods: ['client_secret_basic', 'client_secret_post'] }
      : {}),
    behaviour,
    onAssertion(_ctx, seen) {
      if (options.assertionAudience === 'issuer' && seen.payload.aud !== issuer) {
        throw new errors.InvalidClientAuth(`the assertion's aud must be ${issuer}`);
      }
      assertions.push(seen);
    },
  });
  const server = await loopbackServer(
    port,
    standInHandler(origin, authorizationRequests, (path) => ({
      standIn,
      prefix: '',
      authorization: path === authorizationPath,
      interaction: path.startsWith(interactionPath),
    })),
  );

  return {
    issuer,
    accounts,
    authorizationRequests,
    assertions,
    addClient: standIn.addClient,
    behave(mode) {
      behaviour.mode = mode;
    },
    signInAs(sub) {
      behaviour.signInAs = sub;
    },
    stop: server.stop,
    start: server.start,
  };
}
