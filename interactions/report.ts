import { emailDomain } from '../src/directory/guest.js';
import type { SignInAttempt } from '../src/directory/sign-in-log.js';
import type { StepContext } from './step.js';

/**
 * One event of a sign-in: a structured log line (audit) and, when it says how an attempt
 * went, an entry in the tenant's sign-in log. Neither ever holds a code or a token. The entry
 * is written with the step's next write (its journey or outcome) in one round trip, or when
 * the request ends.
 */
export async function report(
  sc: StepContext,
  event: string,
  attempt?: Omit<SignInAttempt, 'email' | 'client'>,
  fields: Record<string, unknown> = {},
): Promise<void> {
  const email = sc.journey.email ?? '';
  const client = String(sc.details.params.client_id ?? '');
  sc.services.logger.info(event, {
    tenant: sc.tenant.id,
    client,
    guest: sc.journey.guestId ?? undefined,
    invited: sc.journey.guestId != null,
    domain: emailDomain(email),
    ip: sc.ctx.ip,
    ...fields,
  });
  if (!attempt) return;
  const entry = { email, client, ...attempt };
  const time = sc.services.clock.now();
  sc.held.add(() => sc.services.signInLog.record(sc.scope, entry, time));
}
