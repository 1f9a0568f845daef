import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from 'oidc-provider';
import { freePort } from './free-port.js';
import { createStandIn, loopbackServer, signingJwk, standInHandler } from './upstream-idp.js';
import type {
  Behaviour,
  SeenAssertion,
  StandIn,
  UpstreamAccount,
  UpstreamClient,
} from './upstream-idp.js';

/** An Entra ID user: their tenant, and the optional claims `email` and `xms_edov`. */
export interface EntraAccount {
  sub: string;
  tid: string;
  email: string;
  /** Entra's "email domain owner verified"; absent: not in the token */
  xms_edov?: boolean;
  name?: string;
}

export interface EntraIdp {
  /** http://127.0.0.1:PORT, in the role of https://login.microsoftonline.com (a rule's `instance`) */
  readonly instance: string;
  /** the issuer of one tenant: {instance}/{tid}/v2.0 */
  issuerOf(tid: string): string;
  readonly accounts: Map<string, EntraAccount>;
  /** registers the client in every tenant (a multi-tenant app registration) */
  addClient(client: UpstreamClient): void;
  signInAs(sub: string | undefined): void;
  /** the query of every authorization request a tenant received, oldest first */
  readonly authorizationRequests: Record<string, string>[];
  /** every client assertion a token endpoint accepted, oldest first */
  readonly assertions: SeenAssertion[];
  stop(): Promise<void>;
}

const multiTenant = new Set(['organizations', 'common']);

/** every claim of an Entra v2.0 ID token a test may look at */
function accountClaims(account: EntraAccount): UpstreamAccount {
  return {
    sub: account.sub,
    email: account.email,
    ...(account.name === undefined ? {} : { name: account.name }),
    claims: {
      tid: account.tid,
      oid: `oid-${account.sub}`,
      ver: '2.0',
      preferred_username: account.email,
      ...(account.xms_edov === undefined ? {} : { xms_edov: account.xms_edov }),
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A stand-in for Microsoft Entra ID on loopback: one node-oidc-provider per tenant, each with
 * the issuer {instance}/{tid}/v2.0 and the same signing key, and Entra's multi-tenant
 * endpoints in front of them, as login.microsoftonline.com has them:
 *
 * - {instance}/{organizations|common}/v2.0/.well-known/openid-configuration states the
 *   templated issuer {instance}/{tenantid}/v2.0 and the multi-tenant endpoints;
 * - /{organizations|common}/oauth2/v2.0/authorize sends the user to their home tenant (found
 *   by login_hint, as Entra's home realm discovery does);
 * - /{organizations|common}/oauth2/v2.0/token hands the code to the tenant that issued it;
 * - {instance}/{tid}/v2.0/.well-known/openid-configuration is one tenant's own metadata.
 *
 * ID tokens carry tid, oid, ver 2.0, preferred_username, email and xms_edov (the optional
 * claims), never email_verified. Client assertions must say x5t and have the token endpoint
 * the client called as their aud, as Entra's certificate credentials require.
 */
export async function startEntraIdp(options: {
  tenants: string[];
  accounts: EntraAccount[];
}): Promise<EntraIdp> {
  const port = await freePort();
  const instance = `http://127.0.0.1:${port}`;
  const issuerOf = (tid: string) => `${instance}/${tid}/v2.0`;
  const accounts = new Map(options.accounts.map((a) => [a.sub, { ...a }]));
  const authorizationRequests: Record<string, string>[] = [];
  const assertions: SeenAssertion[] = [];
  const behaviour: Behaviour = { mode: 'login', signInAs: undefined };
  const jwk = await signingJwk();
  /** authorization code → the tenant that issued it */
  const codes = new Map<string, string>();

  const tenants = new Map<string, StandIn>();
  for (const tid of options.tenants) {
    const standIn = createStandIn(issuerOf(tid), {
      accounts: () => [...accounts.values()].filter((a) => a.tid === tid).map(accountClaims),
      jwk,
      interactionPath: `/${tid}/v2.0/interaction/`,
      cookiePrefix: `entra_${tid.replaceAll('-', '')}`,
      emailIn: 'id_token',
      behaviour,
      onAssertion(ctx, seen) {
        const called = ctx.get('x-entra-token-endpoint') || ctx.oidc.urlFor('token');
        if (seen.payload.aud !== called) {
          throw new errors.InvalidClientAuth(`the assertion's aud must be ${called}`);
        }
        if (typeof seen.header.x5t !== 'string') {
          throw new errors.InvalidClientAuth('the assertion must name its certificate (x5t)');
        }
        assertions.push(seen);
      },
    });
    // a multi-tenant endpoint's token URL is an audience every tenant takes
    const context = standIn.provider.OIDCContext.prototype as unknown as {
      clientJwtAuthExpectedAudience(this: unknown): Set<string>;
    };
    const audiences = context.clientJwtAuthExpectedAudience;
    context.clientJwtAuthExpectedAudience = function (this: unknown) {
      const expected = audiences.call(this);
      for (const t of multiTenant) expected.add(`${instance}/${t}/oauth2/v2.0/token`);
      return expected;
    };
    standIn.provider.on('authorization_code.saved', (code: { jti: string }) => {
      codes.set(code.jti, tid);
    });
    tenants.set(tid, standIn);
  }
  const home = (sub: string | undefined, hint: string) =>
    [...accounts.values()].find((a) =>
      sub === undefined ? a.email.toLowerCase() === hint.toLowerCase() : a.sub === sub,
    )?.tid;

  function metadata(tenant: string) {
    const base = `${instance}/${tenant}`;
    return {
      issuer: `${instance}/{tenantid}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      response_modes_supported: ['query', 'fragment', 'form_post'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'private_key_jwt',
        'client_secret_basic',
      ],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid', 'oid', 'email', 'name'],
      tenant_region_scope: null,
      cloud_instance_name: 'microsoftonline.com',
    };
  }

  /** a multi-tenant endpoint, served here rather than by a tenant's provider */
  async function multiTenantEndpoint(req: IncomingMessage, res: ServerResponse, url: URL) {
    const [, tenant, ...rest] = url.pathname.split('/');
    const path = rest.join('/');
    const send = (status: number, body: object) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };
    if (path === 'v2.0/.well-known/openid-configuration') return send(200, metadata(tenant!));
    if (path === 'discovery/v2.0/keys') {
      const response = await fetch(`${issuerOf(options.tenants[0]!)}/jwks`);
      return send(200, (await response.json()) as object);
    }
    if (path === 'oauth2/v2.0/authorize') {
      const tid =
        home(behaviour.signInAs, url.searchParams.get('login_hint') ?? '') ?? options.tenants[0]!;
      res.statusCode = 302;
      res.setHeader('location', `${issuerOf(tid)}/auth${url.search}`);
      return res.end();
    }
    if (path === 'oauth2/v2.0/token' && req.method === 'POST') {
      const body = await readBody(req);
      const tid = codes.get(new URLSearchParams(body.toString()).get('code') ?? '');
      if (!tid) return send(400, { error: 'invalid_grant', error_description: 'unknown code' });
      const answer = await fetch(`${issuerOf(tid)}/token`, {
        method: 'POST',
        headers: {
          'content-type': req.headers['content-type'] ?? '',
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          'x-entra-token-endpoint': `${instance}${url.pathname}`,
        },
        body,
      });
      return send(answer.status, (await answer.json()) as object);
    }
    return send(404, { error: 'not_found' });
  }

  const tenantHandler = standInHandler(instance, authorizationRequests, (path) => {
    const [, tid, version, kind] = path.split('/');
    const standIn = tenants.get(tid ?? '');
    if (!standIn || version !== 'v2.0') return undefined;
    return {
      standIn,
      prefix: `/${tid}/v2.0`,
      authorization: kind === 'auth',
      interaction: kind === 'interaction',
    };
  });
  const server = await loopbackServer(port, (req, res) => {
    const url = new URL(req.url ?? '/', instance);
    if (multiTenant.has(url.pathname.split('/')[1] ?? '')) {
      multiTenantEndpoint(req, res, url).catch((error: unknown) => {
        if (!res.headersSent) res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    tenantHandler(req, res);
  });

  return {
    instance,
    issuerOf,
    accounts,
    authorizationRequests,
    assertions,
    addClient(client) {
      for (const standIn of tenants.values()) standIn.addClient(client);
    },
    signInAs(sub) {
      behaviour.signInAs = sub;
    },
    stop: server.stop,
  };
}
