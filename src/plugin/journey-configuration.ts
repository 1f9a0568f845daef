import { errors, interactionPolicy } from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type Provider from 'oidc-provider';
import { guestAccounts } from '../../interactions/accounts.js';
import { invitationClient, invitationClientId } from '../../interactions/invitation-client.js';
import { loginHintMismatch } from '../../interactions/login-hint.js';
import type { JourneyServices, Mount } from '../../interactions/step.js';
import { Consents } from '../directory/consents.js';
import type { Allowed } from '../directory/consents.js';
import { tenantScope } from '../directory/tenant.js';
import type { Tenant } from '../directory/tenant.js';
import { renderError } from '../http/render-error.js';
import { choosePresentation } from '../http/presentation.js';
import { languages } from '../http/messages/format.js';
import { messages } from '../http/messages.js';
import { OidcAdapter } from '../store/oidc-adapter.js';

/** The host's configuration asks for something the journey must own. */
export class PluginConfigurationError extends Error {
  constructor(setting: string, why: string) {
    super(`guestpass: the host configuration sets ${setting}; ${why}`);
    this.name = 'PluginConfigurationError';
  }
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
  // a login_hint naming another guest than the session's is never answered with the session
  login.checks.add(
    new interactionPolicy.Check(
      'login_hint_mismatch',
      'login_hint names another guest than the signed-in one',
      'login_required',
      async (ctx) =>
        (await loginHintMismatch(ctx))
          ? interactionPolicy.Check.REQUEST_PROMPT
          : interactionPolicy.Check.NO_NEED_TO_PROMPT,
    ),
  );
  return policy;
}

/** what the consent page's answer carries to the grant loader (interactions/steps/consent.ts) */
function allowedOf(ctx: KoaContextWithOIDC): Allowed | undefined {
  const consent = ctx.oidc.result?.consent as { allowed?: Allowed } | undefined;
  return consent?.allowed;
}

function add(grant: InstanceType<Provider['Grant']>, allowed: Allowed) {
  if (allowed.scopes.length) grant.addOIDCScope(allowed.scopes.join(' '));
  if (allowed.claims.length) grant.addOIDCClaims([...allowed.claims]);
  for (const [indicator, scopes] of Object.entries(allowed.resources))
    grant.addResourceScope(indicator, scopes.join(' '));
}

/**
 * The grant of a signed-in guest for the client, so oidc-provider asks for consent only for
 * what it does not cover: this browser session's grant, with what the consent page just
 * allowed added; else, in a browser that has none, a grant made from what the guest allowed
 * the client before (remembered consent, src/directory/consents.ts: one read); else, for
 * clients registered with skip_consent (the invitation client), a grant of what is asked for,
 * without the consent page.
 */
function grantLoader(consents: Consents, scope: string) {
  return async function loadExistingGrant(ctx: KoaContextWithOIDC) {
    const { oidc } = ctx;
    const { client, session } = oidc;
    if (!client || !session?.accountId) return undefined;
    const { Grant } = oidc.provider;
    const grantId = oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
    const existing = grantId ? await Grant.find(grantId) : undefined;
    const allowed = allowedOf(ctx);
    if (existing && !allowed) return existing;
    const grant =
      existing ?? new Grant({ clientId: client.clientId, accountId: session.accountId });
    if (allowed) {
      add(grant, allowed);
    } else if (client.metadata().skip_consent === true) {
      grant.addOIDCScope([...oidc.requestParamScopes].join(' '));
      grant.addOIDCClaims([...oidc.requestParamClaims]);
    } else {
      const remembered = await consents.find(scope, session.accountId, client.clientId);
      if (!remembered) return undefined;
      add(grant, remembered);
    }
    await grant.save();
    return grant;
  };
}

const union = (a: Iterable<string> | undefined, b: readonly string[]) => [
  ...new Set([...(a ?? []), ...b]),
];

/** the claims every guest's ID token carries: amr and auth_time ride on openid */
const guestClaims: Record<string, string[]> = {
  openid: ['sub', 'idp', 'amr', 'auth_time'],
  email: ['email', 'email_verified'],
  profile: ['name'],
};

type ExtraParamValidator = (
  ctx: KoaContextWithOIDC,
  value: string | undefined,
  client: unknown,
) => void | Promise<void>;

/**
 * The host's extraParams plus a check of `scope` at the authorization endpoint: the journey
 * signs a guest in for an ID token, so a request without `openid` in its scope (missing,
 * empty, or only other scopes) is refused there with invalid_scope, before any page — not
 * after a passcode was mailed. oidc-provider runs extraParams validators once the client and
 * redirect_uri are known, so the refusal goes back to the relying party.
 */
function withOpenidScopeRequired(host: Configuration['extraParams']): Configuration['extraParams'] {
  const validators: Record<string, ExtraParamValidator | undefined> =
    host === undefined
      ? {}
      : Array.isArray(host) || host instanceof Set
        ? Object.fromEntries([...(host as Iterable<string>)].map((name) => [name, undefined]))
        : { ...(host as Record<string, ExtraParamValidator | undefined>) };
  const hostCheck = validators.scope;
  validators.scope = async (ctx, value, client) => {
    const scopes = ctx.oidc.params?.scope;
    if (typeof scopes !== 'string' || scopes.trim() === '')
      throw new errors.InvalidScope('scope: required, and it must include openid', '');
    if (!scopes.split(' ').includes('openid'))
      throw new errors.InvalidScope(
        'scope: must include openid (this is an OpenID Connect provider)',
        scopes,
      );
    await hostCheck?.(ctx, value, client);
  };
  return validators as Configuration['extraParams'];
}

/** The organization a request belongs to: the router's (server), or read once a request. */
export type CurrentTenant = (ctx: KoaContextWithOIDC | undefined) => Promise<Tenant | undefined>;

/**
 * Merges what the guest journey needs into a host's oidc-provider configuration: the
 * interaction URL and policy, findAccount and loadExistingGrant, the guest claims, the
 * invitation client, and (when the host has none) the adapter on Guestpass's store and the
 * error page. A host setting that the journey must own is refused, naming it.
 */
export function journeyConfiguration(
  services: JourneyServices,
  organization: { tenant: Tenant; mount: Mount; currentTenant: CurrentTenant },
  host: Configuration = {},
): Configuration {
  for (const owned of ['findAccount', 'loadExistingGrant'] as const) {
    if (host[owned]) {
      throw new PluginConfigurationError(owned, 'Guestpass supplies it (guests are its accounts)');
    }
  }
  if (host.interactions?.url || host.interactions?.policy) {
    throw new PluginConfigurationError(
      'interactions',
      'Guestpass serves the sign-in interaction (routes(provider))',
    );
  }
  if (host.features?.devInteractions?.enabled) {
    throw new PluginConfigurationError(
      'features.devInteractions.enabled',
      'its development sign-in pages would shadow the guest journey',
    );
  }
  if (host.conformIdTokenClaims === true) {
    throw new PluginConfigurationError(
      'conformIdTokenClaims: true',
      'the guest ID token must carry email, amr and idp',
    );
  }
  if (host.clients?.some((c) => c.client_id === invitationClientId)) {
    throw new PluginConfigurationError(
      `a client "${invitationClientId}"`,
      'that id is Guestpass’s own invitation client',
    );
  }
  const { tenant, mount, currentTenant } = organization;
  const scope = tenantScope(tenant);
  const hostExtra = host.extraClientMetadata;
  const claims: Record<string, string[]> = { ...(host.claims as Record<string, string[]>) };
  for (const [name, list] of Object.entries(guestClaims)) claims[name] = union(claims[name], list);
  return {
    ...host,
    adapter:
      host.adapter ??
      ((model: string) =>
        new OidcAdapter(services.store, services.keys, scope, model, (id) =>
          services.keys.guest(scope, id),
        )),
    clients: [...(host.clients ?? []), invitationClient(mount, tenant.displayName)],
    findAccount: guestAccounts(services.guests, services.methods, currentTenant),
    loadExistingGrant: grantLoader(
      new Consents(services.store, services.keys, services.clock),
      scope,
    ),
    claims: claims as Configuration['claims'],
    // the languages of the journey's pages (ui_locales picks one: src/http/presentation.ts)
    discovery: { ui_locales_supported: [...languages], ...host.discovery },
    scopes: union(host.scopes, ['openid', 'email', 'profile']),
    // the ID token carries the guest's claims (email, idp), not only userinfo
    conformIdTokenClaims: false,
    extraParams: withOpenidScopeRequired(host.extraParams),
    features: { ...host.features, devInteractions: { enabled: false } },
    // the journey's own lifetimes, unless the host chose others: a sign-in lasts as long as
    // its journey (an hour), a guest's session SESSION_TTL_SECONDS (24 hours)
    ttl: {
      Interaction: 3600,
      Session: services.config.sessionTtlSeconds,
      Grant: services.config.sessionTtlSeconds,
      ...host.ttl,
    },
    extraClientMetadata: {
      ...hostExtra,
      properties: union(hostExtra?.properties, ['skip_consent']),
      validator(ctx, key, value, metadata) {
        if (key === 'skip_consent' && value !== undefined && typeof value !== 'boolean') {
          throw new Error('skip_consent must be a boolean');
        }
        hostExtra?.validator?.(ctx, key, value, metadata);
      },
    },
    interactions: {
      policy: guestPolicy(),
      url: (_ctx, interaction) => `${mount.path}/interaction/${interaction.uid}`,
    },
    renderError:
      host.renderError ??
      (async (ctx, out) => {
        // the page in the guest's language and the organization's brand (ui_locales first)
        choosePresentation(
          ctx,
          (await currentTenant(ctx)) ?? tenant,
          (ctx.oidc?.params as { ui_locales?: unknown } | undefined)?.ui_locales,
        );
        renderError(
          ctx,
          messages.signInRequestFailed(out.error_description, out.error, ctx.status),
          {
            organization: tenant.displayName,
            html: true,
          },
        );
      }),
  };
}
