import { randomBytes } from 'node:crypto';
import { FederationError } from '../../../src/federation/upstreams.js';
import { messages } from '../../../src/http/messages.js';
import { startBrowserFlow } from '../../browser-flow.js';
import { report } from '../../report.js';
import { finishSignIn } from '../../steps/finish-sign-in.js';
import type { Step, StepContext } from '../../step.js';
import {
  federationCallbackUrl,
  federationFlowTtlSeconds,
  federationPlace,
  federationStates,
  findRule,
} from './federation-flow.js';
import type { FederationData, FederationFlow } from './federation-flow.js';

const random = () => randomBytes(32).toString('base64url');

/** Sends the guest to their upstream IdP (code + PKCE + state + nonce, login_hint). */
async function redirectUpstream(sc: StepContext) {
  const { services, tenant, scope, journey } = sc;
  const ref = (journey.data as FederationData | undefined)?.rule;
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
      federationCallbackUrl(sc.mount),
      flow,
      journey.email ?? '',
    );
  } catch (error) {
    if (!(error instanceof FederationError)) throw error;
    await report(
      sc,
      'federation.failed',
      { method: 'federation', result: 'failure', reason: 'federation_error', detail: error.reason },
      { issuer: rule.issuer, error: error.message },
    );
    // discovery of the upstream failed before the guest left: always "couldn't reach"
    throw messages.federationFailed(
      'unreachable',
      tenant.displayName,
      new URL(rule.issuer).host,
      sc.action('restart'),
    );
  }
  await startBrowserFlow(sc.ctx, services.store, federationPlace(sc.mount), {
    state: flow.state,
    key: services.keys.federationFlow(scope, flow.state),
    value: flow,
    ttlSeconds: federationFlowTtlSeconds,
  });
  await report(
    sc,
    'federation.started',
    { method: 'federation', result: 'progress', reason: 'federation_started', detail: rule.id },
    { issuer: rule.issuer },
  );
  sc.ctx.status = 303;
  sc.ctx.redirect(destination);
}

/** Federation: to the upstream IdP, and (after the callback verified it) signed in. */
export const federationStep: Step = {
  name: 'federation',
  states: [federationStates.redirect, federationStates.verified],
  async render(sc) {
    if (sc.journey.state === federationStates.verified) {
      await finishSignIn(sc, sc.journey.verified?.binding);
    } else await redirectUpstream(sc);
  },
  actions: {},
};
