import { randomBytes } from 'node:crypto';
import { authnRequest } from '../../../src/federation/saml/saml-sp.js';
import { startBrowserFlow } from '../../browser-flow.js';
import { report } from '../../report.js';
import { finishSignIn } from '../../steps/finish-sign-in.js';
import type { Step, StepContext } from '../../step.js';
import {
  findSamlRule,
  samlFlowTtlSeconds,
  samlPlace,
  samlRules,
  samlStates,
  spEndpoints,
  spKey,
} from './saml-flow.js';
import type { SamlData, SamlFlow } from './saml-flow.js';

/** Sends the guest to their IdP with a signed AuthnRequest (HTTP-Redirect binding). */
async function redirectToIdp(sc: StepContext) {
  const { services, tenant, scope, journey } = sc;
  const ref = (journey.data as SamlData | undefined)?.rule;
  const found = ref ? await findSamlRule(services, scope, ref) : undefined;
  if (!found) {
    await sc.advance({ state: 'identify' });
    return;
  }
  const { rule, error } = await samlRules(services).refreshed(
    scope,
    found,
    services.clock.now(),
    services.config.production,
  );
  if (error)
    services.logger.warn('saml.metadata_refresh_failed', {
      tenant: tenant.id,
      rule: rule.id,
      metadataUrl: rule.metadataUrl,
      error,
    });
  const relayState = randomBytes(32).toString('base64url');
  const { url, requestId } = await authnRequest(
    rule,
    spEndpoints(sc.mount),
    await spKey(services, tenant, scope),
    relayState,
  );
  const flow: SamlFlow = { uid: sc.details.uid, ruleId: rule.id, requestId };
  await startBrowserFlow(sc.ctx, services.store, samlPlace(sc.mount), {
    state: relayState,
    key: services.keys.samlFlow(scope, relayState),
    value: flow,
    ttlSeconds: samlFlowTtlSeconds,
  });
  await report(
    sc,
    'saml.started',
    { method: 'saml', result: 'progress', reason: 'federation_started', detail: rule.id },
    { issuer: rule.idp.entityId },
  );
  sc.ctx.status = 303;
  sc.ctx.redirect(url);
}

/** SAML: to the IdP, and (after the ACS verified its answer) signed in. */
export const samlStep: Step = {
  name: 'saml',
  states: [samlStates.redirect, samlStates.verified],
  async render(sc) {
    if (sc.journey.state === samlStates.verified) {
      await finishSignIn(sc, sc.journey.verified?.binding);
    } else await redirectToIdp(sc);
  },
  actions: {},
};
