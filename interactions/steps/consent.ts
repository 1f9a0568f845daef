import { consentPage } from '../views/consent-page.js';
import type { Step, StepContext } from '../step.js';

interface ConsentDetails {
  missingOIDCScope?: string[];
  missingOIDCClaims?: string[];
  missingResourceScopes?: Record<string, string[]>;
}

/**
 * Records what the guest allowed in a Grant (oidc-provider's model), as its example does. The
 * grant is written together with the interaction's outcome (one round trip): its id is made
 * first, as its save would make it.
 */
async function grant(sc: StepContext): Promise<string> {
  const { provider, details } = sc;
  const accountId = details.session?.accountId;
  const clientId = String(details.params.client_id);
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const missing = details.prompt.details as ConsentDetails;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  // every oidc-provider model has it; its type declarations leave it out
  grant.jti ??= (grant as unknown as { generateTokenId(): string }).generateTokenId();
  sc.deferred.add(() => grant.save());
  return grant.jti;
}

/** The guest lets the relying party use their identity (skipped for skip_consent clients). */
export const consentStep: Step = {
  name: 'consent',
  states: [],
  async render(sc) {
    const client = await sc.provider.Client.find(String(sc.details.params.client_id));
    const missing = sc.details.prompt.details as ConsentDetails;
    sc.page(
      200,
      consentPage({
        organization: sc.tenant.displayName,
        clientName: client?.clientName ?? String(sc.details.params.client_id),
        scopes: missing.missingOIDCScope ?? ['openid'],
        action: sc.action('consent'),
      }),
    );
  },
  actions: {
    async consent(sc, form) {
      if (form.decision !== 'allow') {
        await sc.finish({
          error: 'access_denied',
          error_description: 'the guest did not allow access',
        });
        return;
      }
      await sc.finish({ consent: { grantId: await grant(sc) } });
    },
  },
};

/** the login a journey finishes with once the guest allowed the relying party (state `consent`) */
export interface PendingLogin {
  readonly accountId: string;
  readonly amr: string[];
}

/** scopes whose consent the journey asks itself; any other request goes to oidc-provider's prompt */
const plainScopes = new Set(['openid', 'email', 'profile']);

/**
 * Whether the journey asks for consent itself, in the sign-in's own interaction, before
 * returning to oidc-provider — saving the provider a second interaction (a redirect, its
 * store writes and reads) to ask the same. Only for the plain case: a fresh sign-in (no
 * session of this guest, whose grants oidc-provider would look up), a client without
 * skip_consent, a request for standard scopes only and no `claims` or `resource`. Everything
 * else is left to oidc-provider's consent prompt (the consent step below, as before).
 */
async function asksConsent(sc: StepContext, accountId: string): Promise<string[] | undefined> {
  const { details, provider } = sc;
  const { scope, claims, resource } = details.params;
  if (details.session?.accountId === accountId || claims || resource) return undefined;
  const scopes = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
  if (!scopes.includes('openid') || scopes.some((s) => !plainScopes.has(s))) return undefined;
  const client = await provider.Client.find(String(details.params.client_id));
  if (!client || client.metadata().skip_consent === true) return undefined;
  return [...new Set(scopes)];
}

/**
 * The guest is signed in: back to oidc-provider with the login, or first the consent page
 * (state `consent`) when the journey asks it itself (asksConsent).
 */
export async function loginDone(sc: StepContext, login: PendingLogin): Promise<void> {
  if (!(await asksConsent(sc, login.accountId))) {
    await sc.finish({ login: { ...login, remember: true } });
    return;
  }
  await sc.advance({ ...sc.journey, state: 'consent', login });
}

/** Consent asked in the sign-in's own interaction (loginDone): the login and the grant together. */
export const loginConsentStep: Step = {
  name: 'login-consent',
  states: ['consent'],
  async render(sc) {
    const client = await sc.provider.Client.find(String(sc.details.params.client_id));
    sc.page(
      200,
      consentPage({
        organization: sc.tenant.displayName,
        clientName: client?.clientName ?? String(sc.details.params.client_id),
        scopes: [...new Set(String(sc.details.params.scope).split(' ').filter(Boolean))],
        action: sc.action('consent'),
      }),
    );
  },
  actions: {
    async consent(sc, form) {
      const { provider, details, journey } = sc;
      const login = journey.login;
      if (!login) {
        await sc.advance({ state: 'identify' });
        return;
      }
      if (form.decision !== 'allow') {
        await sc.finish({
          error: 'access_denied',
          error_description: 'the guest did not allow access',
        });
        return;
      }
      const grant = new provider.Grant({
        accountId: login.accountId,
        clientId: String(details.params.client_id),
      });
      grant.addOIDCScope(String(details.params.scope));
      grant.jti = (grant as unknown as { generateTokenId(): string }).generateTokenId();
      sc.deferred.add(() => grant.save());
      await sc.finish({ login: { ...login, remember: true }, consent: { grantId: grant.jti } });
    },
  },
};
