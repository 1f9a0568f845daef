import type { Router } from '@koa/router';
import { z } from 'zod';
import { inviteGuests } from '../../interactions/invite-guests.js';
import type { InviteInput } from '../../interactions/invite-guest.js';
import { guestView, normalizeEmail } from '../directory/guest.js';
import { invitationInput } from '../directory/invitation-input.js';
import { GuestpassError, invalidRequest } from '../http/errors.js';
import { readJson } from '../http/read-body.js';
import { validate } from '../http/validate.js';
import type { AdminServices } from './admin-services.js';
import { loadTenant } from './load-tenant.js';

/** the most invitations one request takes (as Entra's bulk invite) */
export const batchLimit = 1000;
/** room for a full batch of long addresses, names and URLs */
const bodyLimit = 4 * 1024 * 1024;

const batchBody = z
  .object({
    invitations: z
      .array(z.unknown(), { error: 'required, a list of invitations' })
      .min(1, { error: 'at least one invitation' })
      .max(batchLimit, {
        error: `at most ${batchLimit.toLocaleString('en')} invitations a request; send the rest in another`,
      }),
    /** the `force` of every entry that does not say its own */
    force: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .strict();

/** One entry checked like a single invitation, its errors naming `invitations[i].field`. */
function checkEntry(entry: unknown, i: number): InviteInput | GuestpassError {
  try {
    return validate(invitationInput, entry);
  } catch (error) {
    if (!(error instanceof GuestpassError)) throw error;
    const description = error.description.startsWith('body:')
      ? error.description.slice('body'.length)
      : `.${error.description}`;
    return invalidRequest(`invitations[${i}]${description}`);
  }
}

/**
 * POST /tenants/{t}/invitations/batch: up to 1,000 invitations, each answered on its own
 * (`created`, `existing`, or `error` with the code and the reason naming its field), in
 * order; a bad entry never fails the others. A body that is not a batch is one 400.
 */
export function invitationBatchRoutes(router: Router, services: AdminServices) {
  router.post('/tenants/:tenant/invitations/batch', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const body = validate(batchBody, await readJson(ctx, bodyLimit));
    const checked = body.invitations.map((entry, i) => {
      const valid = checkEntry(entry, i);
      return valid instanceof GuestpassError
        ? valid
        : { ...valid, force: valid.force ?? body.force ?? false };
    });
    // one address once a batch: a repeated one is answered, not invited (or mailed) twice
    const firstOf = new Map<string, number>();
    checked.forEach((entry, i) => {
      if (entry instanceof GuestpassError) return;
      const address = normalizeEmail(entry.email);
      const first = firstOf.get(address);
      if (first === undefined) firstOf.set(address, i);
      else
        checked[i] = invalidRequest(
          `invitations[${i}].email: the same address as invitations[${first}]`,
        );
    });
    const valid = checked.flatMap((entry, i) =>
      entry instanceof GuestpassError ? [] : [{ i, entry }],
    );
    const outcomes = await inviteGuests(
      services,
      tenant,
      services.mountOf(tenant),
      valid.map((v) => v.entry),
    );
    const results: Record<string, unknown>[] = checked.map((entry, i) => {
      const given = (body.invitations[i] as { email?: unknown } | null)?.email;
      return entry instanceof GuestpassError
        ? {
            email: typeof given === 'string' ? given : null,
            status: 'error',
            error: entry.code,
            error_description: entry.description,
          }
        : {};
    });
    valid.forEach(({ i, entry }, j) => {
      const outcome = outcomes[j]!;
      results[i] =
        outcome.status === 'error'
          ? {
              email: entry.email,
              status: 'error',
              error: outcome.error.code,
              error_description: `invitations[${i}]: ${outcome.error.description}`,
            }
          : {
              email: entry.email,
              status: outcome.status,
              guest: guestView(outcome.guest),
              redeemUrl: outcome.redeemUrl,
              emailSent: outcome.emailSent,
            };
    });
    const count = (status: string) => results.filter((r) => r.status === status).length;
    services.logger.info('invitations.batch', {
      tenant: tenant.id,
      created: count('created'),
      existing: count('existing'),
      failed: count('error'),
    });
    ctx.body = {
      results,
      summary: { created: count('created'), existing: count('existing'), failed: count('error') },
    };
  });
}
