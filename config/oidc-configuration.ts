import { interactionPolicy } from 'oidc-provider';
import type { ClientMetadata, Configuration, FindAccount, KoaContextWithOIDC } from 'oidc-provider';
import { registrationPolicy, registrationPolicyName } from '../src/directory/client-rules.js';
import type { Config } from './config.js';

/** What the oidc-provider configuration of one tenant is built from. */
export interface TenantOidcParts {
  config: Config;
  tenantId: string;
  adapter: NonNullable<Configuration['adapter']>;
  findAccount: FindAccount;
  renderError: NonNullable<Configuration['renderError']>;
  logoutSource: (ctx: KoaContextWithOIDC, form: string) => Promise<void>;
  postLogoutSuccessSource: (ctx: KoaContextWithOIDC) => Promise<void>;
  /** clients of Guestpass itself (the invitation redemption client) */
  staticClients: ClientMetadata[];
}

/**
 * The default prompts plus one login check: a session whose guest is no longer an account
 * (deleted, or their method turned off) must sign in again.
 */
function guestPolicy() {
  const policy = interactionPolicy.base();
  const login = policy.get('login');
  if (!login) throw new Error('oidc-provider has no login prompt');
  const index = login.checks.findIndex((check) => check.reason === 'no_session');
  login.checks.splice(
    index + 1,
    0,
    new interactionPolicy.Check(
      'guest_unavailable',
      'the guest can no longer sign in this way',
      'login_required',
      (ctx) =>
        ctx.oidc.session?.accountId && !ctx.oidc.account
          ? interactionPolicy.Check.REQUEST_PROMPT
          : interactionPolicy.Check.NO_NEED_TO_PROMPT,
    ),
  );
  return policy;
}

/** Clients registered with skip_consent get their grant without the consent page. */
async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const { client, session } = oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  if (grantId) return oidc.provider.Grant.find(grantId);
  if (client.metadata().skip_consent !== true) return undefined;
  const grant = new oidc.provider.Grant({
    clientId: client.clientId,
    accountId: session.accountId,
  });
  grant.addOIDCScope([...oidc.requestParamScopes].join(' '));
  grant.addOIDCClaims([...oidc.requestParamClaims]);
  await grant.save();
  return grant;
}

const minutes = (n: number) => n * 60;
const days = (n: number) => n * 86400;

/**
 * Config → oidc-provider configuration for one tenant. Every choice here is a product rule
 * (CONTRACT.md "Tokens and claims", DESIGN.md "Security rules"):
 * code flow only, PKCE (S256) for every client, rotating refresh tokens, no dev interactions,
 * every TTL explicit, cookies scoped to the tenant's path.
 */
export function oidcConfiguration(parts: TenantOidcParts): Configuration {
  const { config, tenantId } = parts;
  const sessionTtl = config.sessionTtlSeconds;
  return {
    adapter: parts.adapter,
    clients: parts.staticClients,
    loadExistingGrant,
    findAccount: parts.findAccount,
    renderError: parts.renderError,
    jwks: { keys: config.jwks.keys.map((k) => ({ ...k })) } as Configuration['jwks'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
    extraClientMetadata: {
      properties: ['skip_consent'],
      validator(_ctx, key, value) {
        if (key === 'skip_consent' && value !== undefined && typeof value !== 'boolean') {
          throw new Error('skip_consent must be a boolean');
        }
      },
    },
    // amr and auth_time ride on the openid scope so every ID token carries them
    claims: {
      openid: ['sub', 'idp', 'amr', 'auth_time'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    // the ID token carries the guest's claims (email, idp), not only userinfo
    conformIdTokenClaims: false,
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    cookies: {
      keys: [...config.cookieSecrets],
      // the session cookie is scoped to the tenant's path: tenants on one host never share it
      long: { httpOnly: true, sameSite: 'lax', path: `/${tenantId}` },
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
        policies: { [registrationPolicyName]: registrationPolicy },
      },
      registrationManagement: { enabled: true, rotateRegistrationAccessToken: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: parts.logoutSource,
        postLogoutSuccessSource: parts.postLogoutSuccessSource,
      },
    },
    interactions: {
      policy: guestPolicy(),
      url: (_ctx, interaction) => `/${tenantId}/interaction/${interaction.uid}`,
    },
    rotateRefreshToken: true,
    ttl: {
      AccessToken: minutes(60),
      AuthorizationCode: 60,
      ClientCredentials: minutes(10),
      IdToken: minutes(60),
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
    clockTolerance: 5,
  };
}
