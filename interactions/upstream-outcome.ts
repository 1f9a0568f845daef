import { normalizeEmail } from '../src/directory/guest.js';
import type { Guest } from '../src/directory/guest.js';
import { FederationError } from '../src/federation/upstreams.js';
import { messages } from '../src/http/messages.js';
import { csrfToken } from './csrf.js';
import type { Binding, Journey } from './journey.js';
import type { RouteContext } from './step.js';

/** Where an upstream identity provider's answer arrived: the journey it belongs to. */
export interface UpstreamReturn {
  readonly rc: RouteContext;
  /** the interaction the flow was started from */
  readonly uid: string;
  readonly journey: Journey;
  /** the method (`federation`, `saml`): the sign-in log's method and the log events' prefix */
  readonly method: string;
  /** the guest's id, for the log lines */
  readonly guestId: string | undefined;
}

const interactionUrl = ({ rc, uid }: UpstreamReturn) => `${rc.mount.path}/interaction/${uid}`;

/**
 * The upstream proved who the guest is: the journey moves to the method's verified state
 * with the binding, and the browser goes back to the interaction, where its cookie is.
 */
export async function upstreamVerified(
  at: UpstreamReturn,
  verifiedState: string,
  binding: Binding,
  logFields: Record<string, unknown> = {},
): Promise<void> {
  const { rc, uid, journey, method } = at;
  await rc.services.journeys.save(rc.provider, uid, {
    ...journey,
    state: verifiedState,
    verified: { method, binding },
  });
  rc.services.logger.info(`${method}.verified`, {
    tenant: rc.tenant.id,
    guest: at.guestId,
    issuer: binding.issuer,
    ...logFields,
  });
  rc.ctx.status = 303;
  rc.ctx.redirect(interactionUrl(at));
}

/**
 * The upstream's answer was refused: a log line, the sign-in log entry, and the guest's page
 * naming the identity provider, with "Use a different email" (thrown, as every dead end).
 */
export async function upstreamFailed(
  at: UpstreamReturn,
  error: FederationError,
  upstream: { issuer: string; host: string },
): Promise<never> {
  const { rc, uid, journey, method } = at;
  const { services, tenant, scope, provider } = rc;
  services.logger.warn(`${method}.failed`, {
    tenant: tenant.id,
    guest: at.guestId,
    issuer: upstream.issuer,
    reason: error.reason,
    error: error.message,
  });
  const client = String((await provider.Interaction.find(uid))?.params.client_id ?? '');
  await services.signInLog.record(scope, {
    email: journey.email ?? '',
    client,
    method,
    result: 'failure',
    reason: 'federation_error',
    detail: error.reason,
  });
  throw messages.federationFailed(error.reason, tenant.displayName, upstream.host, {
    url: `${interactionUrl(at)}/restart`,
    csrf: csrfToken(services.config.cookieSecrets, scope, uid),
  });
}

/** What an upstream asserted about the guest: who (issuer, subject) and which address. */
export interface AssertedIdentity {
  readonly issuer: string;
  readonly subject: string;
  readonly email: string | undefined;
}

/**
 * The identity rules every upstream method shares. A guest who redeemed is bound to (issuer,
 * subject): another subject with the same email is refused, the same subject whose email
 * changed upstream still signs in. Before redemption the asserted email must be the invited
 * address (how far the upstream vouches for it is the method's own check, made before); an
 * address not invited fails like a mismatch.
 */
export function checkUpstreamIdentity(guest: Guest | undefined, identity: AssertedIdentity): void {
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
  if (!guest || !identity.email || normalizeEmail(identity.email) !== normalizeEmail(guest.email)) {
    throw new FederationError('email_mismatch', 'the account is not the invited email address');
  }
}
