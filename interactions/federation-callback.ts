import { normalizeEmail } from '../src/directory/guest.js';
import type { Guest } from '../src/directory/guest.js';
import { tenantScope } from '../src/directory/tenant.js';
import { FederationError } from '../src/federation/upstreams.js';
import type { UpstreamIdentity } from '../src/federation/upstreams.js';
import type { FederationRule } from '../src/federation/rule.js';
import type { Services } from '../src/server/services.js';
import type { TenantHandler } from '../src/server/tenant-routes.js';
import { takeBrowserFlow } from './browser-flow.js';
import { federationCallbackPath, federationPlace, findRule } from './federation-flow.js';
import type { FederationFlow } from './federation-flow.js';
import type { Journey } from './journey.js';
import { messages as catalog } from '../src/http/messages.js';
import { showPage } from '../src/http/show-page.js';
import { federationErrorPage } from './views/federation-error-page.js';

/**
 * Who the upstream says the guest is, checked against who was invited. The first redemption
 * needs a verified email equal to the invited one; after that the guest is bound to
 * (iss, sub): another subject with the same email is refused, the same subject whose email
 * changed upstream still signs in. An address not invited fails like a mismatch.
 */
export function checkIdentity(guest: Guest | undefined, identity: UpstreamIdentity): void {
  if (guest?.state === 'accepted' && guest.federation) {
    if (
      guest.federation.issuer !== identity.issuer ||
      guest.federation.subject !== identity.subject
    ) {
      throw new FederationError(
        'subject_mismatch',
        'this account is not the one the guest redeemed the invitation with',
      );
    }
    return;
  }
  if (!identity.emailVerified)
    throw new FederationError(
      'email_unverified',
      'the identity provider did not verify the email address',
    );
  if (!guest || !identity.email || normalizeEmail(identity.email) !== normalizeEmail(guest.email)) {
    throw new FederationError('email_mismatch', 'the account is not the invited email address');
  }
}

const messages: Record<FederationError['reason'], (org: string) => string> = {
  unreachable: (org) =>
    `We couldn't reach your organization's sign-in service to sign you in to ${org}. Try again in a few minutes.`,
  denied: (org) =>
    `Signing in at your organization's sign-in service was cancelled or refused, so you are not signed in to ${org}.`,
  invalid_response: (org) =>
    `Your organization's sign-in service answered in a way we could not trust, so you are not signed in to ${org}.`,
  email_unverified: (org) =>
    `Your organization's sign-in service did not confirm your email address, so you can't sign in to ${org} with it.`,
  email_mismatch: (org) =>
    `The account you signed in with is not the address ${org} invited. Sign in with the invited account.`,
  subject_mismatch: (org) =>
    `The account you signed in with is not the one you accepted ${org}'s invitation with.`,
};

/**
 * `/{tenant}/federation/callback`: the upstream IdP's answer. The flow is found by its state
 * (single use, and only in the browser that started it: a signed cookie holds the state);
 * the code is exchanged and the ID token verified; the journey then continues at the
 * interaction's own URL, where the interaction cookie is.
 */
export function federationCallback(services: Services): TenantHandler {
  return async function callback(ctx, tenant, rest) {
    if (rest !== federationCallbackPath || (ctx.method !== 'GET' && ctx.method !== 'HEAD'))
      return false;
    const scope = tenantScope(tenant);
    const taken = await takeBrowserFlow<FederationFlow>(
      ctx,
      services.store,
      federationPlace(tenant.id),
      (state) => services.keys.federationFlow(scope, state),
    );
    if (!taken) {
      throw catalog.callbackExpired();
    }
    const flow = taken.value;
    const journey = await services.journeys.load(scope, flow.uid);
    const rule: FederationRule | undefined = findRule(
      await services.federation.rulesInForce(tenant),
      flow.ruleId,
      flow.source,
    );
    const interaction = `/${tenant.id}/interaction/${flow.uid}`;
    const { provider } = services.providers.get(tenant);
    const client = String((await provider.Interaction.find(flow.uid))?.params.client_id ?? '');

    if (journey.state !== 'federation' || !rule) {
      throw catalog.callbackExpired();
    }
    const guest = journey.guestId ? await services.guests.find(scope, journey.guestId) : undefined;
    try {
      const callbackUrl = new URL(
        `${services.config.publicUrl}/${tenant.id}${federationCallbackPath}`,
      );
      callbackUrl.search = ctx.querystring;
      const identity = await services.federation.upstreams.exchange(rule, callbackUrl, flow);
      checkIdentity(guest, identity);
      const next: Journey = {
        ...journey,
        state: 'federated',
        verifiedBy: 'federation',
        federation: { issuer: identity.issuer, subject: identity.subject },
      };
      await services.journeys.save(scope, flow.uid, next);
      services.logger.info('federation.verified', {
        tenant: tenant.id,
        guest: guest?.id,
        issuer: identity.issuer,
      });
      ctx.status = 303;
      ctx.redirect(interaction);
    } catch (error) {
      if (!(error instanceof FederationError)) throw error;
      services.logger.warn('federation.failed', {
        tenant: tenant.id,
        guest: guest?.id,
        issuer: rule.issuer,
        reason: error.reason,
        error: error.message,
      });
      await services.signInLog.record(scope, {
        email: journey.email ?? '',
        client,
        method: 'federation',
        result: 'failure',
        reason: 'federation_error',
        detail: error.reason,
      });
      showPage(
        ctx,
        error.reason === 'unreachable' ? 502 : 403,
        federationErrorPage({
          organization: tenant.displayName,
          provider: new URL(rule.issuer).host,
          message: messages[error.reason](tenant.displayName),
          restartAction: `${interaction}/restart`,
        }),
      );
    }
    return true;
  };
}
