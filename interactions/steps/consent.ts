import { consentPage } from '../views/consent-page.js';
import type { Step, StepContext } from '../step.js';

interface ConsentDetails {
  missingOIDCScope?: string[];
  missingOIDCClaims?: string[];
  missingResourceScopes?: Record<string, string[]>;
}

/** Records what the guest allowed in a Grant (oidc-provider's model), as its example does. */
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
  return grant.save();
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
      await sc.finish({ consent: { grantId: await grant(sc) } });
    },
  },
};
