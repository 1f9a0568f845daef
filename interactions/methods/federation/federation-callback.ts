import type { Guest } from '../../../src/directory/guest.js';
import { FederationError } from '../../../src/federation/upstreams.js';
import type { UpstreamIdentity } from '../../../src/federation/upstreams.js';
import { methodNotAllowed } from '../../../src/http/errors.js';
import { messages } from '../../../src/http/messages.js';
import { takeBrowserFlow } from '../../browser-flow.js';
import { checkUpstreamIdentity, upstreamFailed, upstreamVerified } from '../../upstream-outcome.js';
import type { MethodRoute } from '../method.js';
import {
  federationCallbackPath,
  federationCallbackUrl,
  federationPlace,
  federationStates,
  findRule,
} from './federation-flow.js';
import type { FederationFlow } from './federation-flow.js';

/** a guest already bound to an upstream identity: only (iss, sub) counts, never the email */
const isBound = (guest: Guest | undefined) =>
  guest?.state === 'accepted' && guest.federation !== undefined;

/**
 * Who the upstream says the guest is, checked against who was invited: before redemption the
 * email must be one the rule's provider vouches for (src/federation/email-claims.ts); then
 * the identity rules every upstream shares (interactions/upstream-outcome.ts).
 */
export function checkIdentity(guest: Guest | undefined, identity: UpstreamIdentity): void {
  if (!isBound(guest) && identity.emailCheck !== 'verified')
    throw new FederationError(
      identity.emailCheck,
      identity.emailCheck === 'hosted_domain_mismatch'
        ? "the account's hosted domain (hd) is not the organization of its email address"
        : 'the identity provider did not verify the email address',
    );
  checkUpstreamIdentity(guest, identity);
}

/**
 * `{mount}/federation/callback`: the upstream IdP's answer. The flow is found by its state
 * (single use, and only in the browser that started it: a signed cookie holds the state);
 * the code is exchanged and the ID token verified; the journey then continues at the
 * interaction's own URL, where the interaction cookie is.
 */
export const federationCallback: MethodRoute = {
  path: federationCallbackPath,
  async handle(rc) {
    const { ctx, services, tenant, scope, mount } = rc;
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') throw methodNotAllowed(ctx.method);
    const taken = await takeBrowserFlow<FederationFlow>(
      ctx,
      services.store,
      federationPlace(mount),
      (state) => services.keys.federationFlow(scope, state),
    );
    if (!taken) throw messages.callbackExpired();
    const flow = taken.value;
    const journey = await services.journeys.load(rc.provider, flow.uid);
    const rule = findRule(await services.federation.rulesInForce(tenant), flow.ruleId, flow.source);
    if (journey.state !== federationStates.redirect || !rule) throw messages.callbackExpired();
    const guest = journey.guestId ? await services.guests.find(scope, journey.guestId) : undefined;
    const at = { rc, uid: flow.uid, journey, method: 'federation', guestId: guest?.id };
    try {
      const callbackUrl = new URL(federationCallbackUrl(mount));
      callbackUrl.search = ctx.querystring;
      const identity = await services.federation.upstreams.exchange(rule, callbackUrl, flow, {
        emailNeeded: !isBound(guest),
      });
      checkIdentity(guest, identity);
      await upstreamVerified(
        at,
        federationStates.verified,
        { issuer: identity.issuer, subject: identity.subject },
        identity.tenant === undefined ? {} : { upstreamTenant: identity.tenant },
      );
    } catch (error) {
      if (!(error instanceof FederationError)) throw error;
      await upstreamFailed(at, error, { issuer: rule.issuer, host: new URL(rule.issuer).host });
    }
  },
};
