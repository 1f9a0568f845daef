import { Consents } from '../../src/directory/consents.js';
import type { Allowed } from '../../src/directory/consents.js';
import { consentPage } from '../views/consent-page.js';
import type { Step, StepContext } from '../step.js';

interface ConsentDetails {
  missingOIDCScope?: string[];
  missingOIDCClaims?: string[];
  missingResourceScopes?: Record<string, string[]>;
}

const consentsOf = (sc: StepContext) =>
  new Consents(sc.services.store, sc.services.keys, sc.services.clock);

/**
 * What the guest allowed is remembered for the guest and client (src/directory/consents.ts,
 * one write, sent with the step's other writes), so another browser of theirs is not asked
 * again, and handed to oidc-provider in the interaction's result: the grant loader
 * (src/plugin/journey-configuration.ts) adds it to this browser's Grant when the
 * authorization resumes, and saves that once.
 */
function remember(sc: StepContext, accountId: string | undefined, allowed: Allowed): Allowed {
  if (accountId) {
    const clientId = String(sc.details.params.client_id);
    sc.held.add(() => consentsOf(sc).remember(sc.scope, accountId, clientId, allowed));
  }
  return allowed;
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
        ui: sc.ui,
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
      const missing = sc.details.prompt.details as ConsentDetails;
      const allowed = remember(sc, sc.details.session?.accountId, {
        scopes: missing.missingOIDCScope ?? [],
        claims: missing.missingOIDCClaims ?? [],
        resources: missing.missingResourceScopes ?? {},
      });
      await sc.finish({ consent: { allowed } });
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
 * skip_consent, a request for standard scopes only and no `claims` or `resource`, and a guest
 * who has not allowed this client before (a remembered consent: one read; the grant loader
 * then answers from it, and oidc-provider asks only for what it lacks). Everything else is
 * left to oidc-provider's consent prompt (the consent step above).
 */
async function asksConsent(
  sc: StepContext,
  accountId: string,
  redeemed: boolean,
): Promise<string[] | undefined> {
  const { details, provider } = sc;
  const { scope, claims, resource } = details.params;
  if (details.session?.accountId === accountId || claims || resource) return undefined;
  const scopes = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
  if (!scopes.includes('openid') || scopes.some((s) => !plainScopes.has(s))) return undefined;
  const client = await provider.Client.find(String(details.params.client_id));
  if (!client || client.metadata().skip_consent === true) return undefined;
  // a guest redeeming their invitation has never allowed anything (a reset forgets it too)
  if (!redeemed && (await consentsOf(sc).find(sc.scope, accountId, client.clientId)))
    return undefined;
  return [...new Set(scopes)];
}

/**
 * The guest is signed in: back to oidc-provider with the login, or first the consent page
 * (state `consent`) when the journey asks it itself (asksConsent).
 */
export async function loginDone(
  sc: StepContext,
  login: PendingLogin,
  options: { redeemed?: boolean } = {},
): Promise<void> {
  if (!(await asksConsent(sc, login.accountId, options.redeemed === true))) {
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
        ui: sc.ui,
      }),
    );
  },
  actions: {
    async consent(sc, form) {
      const { details, journey } = sc;
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
      const allowed = remember(sc, login.accountId, {
        scopes: [...new Set(String(details.params.scope).split(' ').filter(Boolean))],
        claims: [],
        resources: {},
      });
      await sc.finish({ login: { ...login, remember: true }, consent: { allowed } });
    },
  },
};
