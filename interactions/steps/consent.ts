import { Consents } from '../../src/directory/consents.js';
import type { Allowed } from '../../src/directory/consents.js';
import { consentPage } from '../views/consent-page.js';
import type { Step, StepContext } from '../step.js';

interface ConsentDetails {
  missingOIDCScope?: string[];
  missingOIDCClaims?: string[];
  missingResourceScopes?: Record<string, string[]>;
}

/**
 * What the guest allowed is remembered for the guest and client (src/directory/consents.ts,
 * one write), so another browser of theirs is not asked again, and handed to oidc-provider in
 * the interaction's result: the grant loader (src/plugin/journey-configuration.ts) adds it to
 * this browser's Grant when the authorization resumes, and saves that once.
 */
async function allow(sc: StepContext): Promise<Allowed> {
  const missing = sc.details.prompt.details as ConsentDetails;
  const allowed: Allowed = {
    scopes: missing.missingOIDCScope ?? [],
    claims: missing.missingOIDCClaims ?? [],
    resources: missing.missingResourceScopes ?? {},
  };
  const accountId = sc.details.session?.accountId;
  if (accountId) {
    const { store, keys, clock } = sc.services;
    await new Consents(store, keys, clock).remember(
      sc.scope,
      accountId,
      String(sc.details.params.client_id),
      allowed,
    );
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
      await sc.finish({ consent: { allowed: await allow(sc) } });
    },
  },
};
