import { randomBytes } from 'node:crypto';
import { FederationError } from '../../src/federation/upstreams.js';
import {
  federationCallbackPath,
  federationPlace,
  federationFlowTtlSeconds,
  findRule,
} from '../federation-flow.js';
import type { FederationFlow } from '../federation-flow.js';
import { startBrowserFlow } from '../browser-flow.js';
import { report } from '../report.js';
import type { Step, StepContext } from '../step.js';
import { federationErrorPage } from '../views/federation-error-page.js';
import { finishSignIn } from './finish-sign-in.js';

const random = () => randomBytes(32).toString('base64url');

/** Sends the guest to their upstream IdP (code + PKCE + state + nonce, login_hint). */
async function redirectUpstream(sc: StepContext) {
  const { services, tenant, scope, journey } = sc;
  const ref = journey.federationRule;
  const rule = ref && findRule(await services.federation.rulesInForce(tenant), ref.id, ref.source);
  if (!ref || !rule) {
    await sc.advance({ state: 'identify' });
    return;
  }
  const flow: FederationFlow = {
    uid: sc.details.uid,
    ruleId: rule.id,
    source: ref.source,
    state: random(),
    nonce: random(),
    codeVerifier: random(),
  };
  let destination: string;
  try {
    destination = await services.federation.upstreams.authorizationUrl(
      rule,
      `${services.config.publicUrl}/${tenant.id}${federationCallbackPath}`,
      flow,
      journey.email ?? '',
    );
  } catch (error) {
    if (!(error instanceof FederationError)) throw error;
    await report(
      sc,
      'federation.failed',
      { method: 'federation', result: 'failure', reason: 'federation_error', detail: error.reason },
      {
        issuer: rule.issuer,
        error: error.message,
      },
    );
    sc.page(
      502,
      federationErrorPage({
        organization: tenant.displayName,
        provider: new URL(rule.issuer).host,
        message: `We couldn't reach your organization's sign-in service to sign you in to ${tenant.displayName}. Try again in a few minutes.`,
        restartAction: sc.url('restart'),
      }),
    );
    return;
  }
  await startBrowserFlow(sc.ctx, services.store, federationPlace(tenant.id), {
    state: flow.state,
    key: services.keys.federationFlow(scope, flow.state),
    value: flow,
    ttlSeconds: federationFlowTtlSeconds,
  });
  await report(
    sc,
    'federation.started',
    { method: 'federation', result: 'progress', reason: 'federation_started', detail: rule.id },
    {
      issuer: rule.issuer,
    },
  );
  sc.ctx.status = 303;
  sc.ctx.redirect(destination);
}

/** Federation: to the upstream IdP, and (after the callback verified it) signed in. */
export const federationStep: Step = {
  name: 'federation',
  states: ['federation', 'federated'],
  async render(sc) {
    if (sc.journey.state === 'federated') await finishSignIn(sc, 'federation');
    else await redirectUpstream(sc);
  },
  actions: {},
};
