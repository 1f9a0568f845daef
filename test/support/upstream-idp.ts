import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { interactionPolicy } from 'oidc-provider';
import type { Adapter, Configuration, FindAccount, InteractionResults } from 'oidc-provider';
import { freePort } from './free-port.js';

export interface UpstreamAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  name?: string;
}

export interface UpstreamIdp {
  /** e.g. http://127.0.0.1:PORT (no trailing slash) */
  readonly issuer: string;
  /** by sub; tests add and modify accounts at any time (read on every sign-in and token) */
  readonly accounts: Map<string, UpstreamAccount>;
  /** registers (or replaces) a confidential client: client_secret_basic, code flow, PKCE required */
  addClient(client: { clientId: string; clientSecret: string; redirectUris: string[] }): void;
  /** how the next authorization requests are answered (default 'login') */
  behave(mode: 'login' | 'deny'): void;
  /** who signs in: by default the account whose email equals login_hint (case-insensitive) */
  signInAs(sub: string | undefined): void;
  /** the query parameters of every GET authorization request the IdP received, oldest first */
  readonly authorizationRequests: Record<string, string>[];
  /** closes the server (the IdP is then unreachable) */
  stop(): Promise<void>;
  /** listens again on the same port */
  start(): Promise<void>;
}

const authorizationPath = '/auth';
const interactionPrefix = '/interaction/';

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

/**
 * A second node-oidc-provider on loopback standing in for a guest's home IdP (federation
 * tests). Its interaction route decides at once, with no page: a browser or an HTTP test
 * passes through it with plain redirects.
 */
export async function startUpstreamIdp(
  options: { accounts?: UpstreamAccount[] } = {},
): Promise<UpstreamIdp> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map((options.accounts ?? []).map((a) => [a.sub, { ...a }]));
  const authorizationRequests: Record<string, string>[] = [];
  let mode: 'login' | 'deny' = 'login';
  let signInAs: string | undefined;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };

  const findAccount: FindAccount = async (_ctx, sub) => {
    if (!accounts.has(sub)) return undefined;
    return {
      accountId: sub,
      // read at claim time: a test may change the account between sign-in and token
      async claims() {
        const account = accounts.get(sub);
        if (!account) return { sub };
        const { email, email_verified, name } = account;
        return { sub, email, email_verified, ...(name === undefined ? {} : { name }) };
      },
    };
  };

  const provider = constructQuietly(issuer, {
    findAccount,
    jwks: { keys: [jwk] } as Configuration['jwks'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // email and email_verified ride in the ID token, as federation reads them from there
    conformIdTokenClaims: false,
    clientBasedCORS: () => true,
    features: { devInteractions: { enabled: false } },
    interactions: {
      policy: alwaysDecidePolicy(),
      url: (_ctx, interaction) => `${interactionPrefix}${interaction.uid}`,
    },
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      // Guestpass is on 127.0.0.1 too, and cookies ignore ports: names of our own keep the
      // two providers' _session/_interaction cookies from shadowing each other
      names: {
        session: 'upstream_session',
        interaction: 'upstream_interaction',
        resume: 'upstream_interaction_resume',
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
    if (mode === 'deny') return deny('the user declined');

    const { prompt, params } = interaction;
    if (prompt.name === 'login') {
      const hint = typeof params.login_hint === 'string' ? params.login_hint.toLowerCase() : '';
      const account =
        signInAs === undefined
          ? [...accounts.values()].find((a) => a.email.toLowerCase() === hint)
          : accounts.get(signInAs);
      if (!account) {
        return deny(
          signInAs === undefined
            ? `no upstream account for login_hint "${hint}"`
            : `no upstream account with sub "${signInAs}"`,
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

  const providerHandler = provider.callback();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (req.method === 'GET' && url.pathname === authorizationPath) {
      authorizationRequests.push(Object.fromEntries(url.searchParams));
    }
    if (req.method === 'GET' && url.pathname.startsWith(interactionPrefix)) {
      signIn(req, res).catch((error: unknown) => {
        // e.g. SessionNotFound: the upstream_interaction cookie did not come back
        if (res.headersSent) return;
        res.statusCode = 400;
        res.setHeader('content-type', 'text/plain');
        res.end(`upstream IdP interaction failed: ${(error as Error).message}`);
      });
      return;
    }
    void providerHandler(req, res);
  });

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
    issuer,
    accounts,
    authorizationRequests,
    addClient({ clientId, clientSecret, redirectUris }) {
      // the Client model's adapter is the provider's own in-memory store (typed only on
      // other models); its upsert completes synchronously, so the client exists on return
      const adapter = (provider.Client as unknown as { adapter: Adapter }).adapter;
      void adapter.upsert(clientId, {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [...redirectUris],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'RS256',
      });
    },
    behave(next) {
      mode = next;
    },
    signInAs(sub) {
      signInAs = sub;
    },
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
