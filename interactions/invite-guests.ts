import type { Guest } from '../src/directory/guest.js';
import { tenantScope } from '../src/directory/tenant.js';
import type { Tenant } from '../src/directory/tenant.js';
import { GuestpassError } from '../src/http/errors.js';
import { batchResolver, invitationMethod } from './invitation-method.js';
import type { InvitationMethod } from './invitation-method.js';
import { queueInvitationMail } from './invite-guest.js';
import type { InviteInput } from './invite-guest.js';
import type { JourneyServices, Mount } from './step.js';

/** What became of one entry of a batch of invitations. */
export type BatchOutcome =
  | {
      readonly status: 'created' | 'existing';
      readonly guest: Guest;
      readonly redeemUrl: string;
      readonly emailSent: boolean;
    }
  | { readonly status: 'error'; readonly error: GuestpassError };

/** how many invitation mails are handed to the mailer at once */

/**
 * Invites many addresses of one tenant (all different: the caller answers repeated ones), as
 * `inviteGuest` invites one — the same resolution gate, the same atomic invitation, a fresh
 * link, the same mail function — in a bounded number of store round trips however many
 * there are: the existing guests in two reads, the tenant's rules read once for every
 * resolution, every invitation in one pipeline (and one more for the addresses that were
 * guests already), every link in one. An entry no method would let in is answered with its
 * error; the others go on. Outcomes in the order of `entries`.
 */
export async function inviteGuests(
  services: JourneyServices,
  tenant: Tenant,
  mount: Mount,
  entries: readonly InviteInput[],
): Promise<BatchOutcome[]> {
  const scope = tenantScope(tenant);
  const existing = await services.guests.findManyByEmail(
    scope,
    entries.map((e) => e.email),
  );
  const resolve = batchResolver(services);
  const gates = await Promise.all(
    entries.map(async (entry, i) => {
      try {
        const method = await invitationMethod(services, resolve, {
          tenant,
          email: entry.email,
          guest: existing[i],
          force: entry.force ?? false,
        });
        return { method, error: undefined };
      } catch (error) {
        if (error instanceof GuestpassError && error.status < 500)
          return { method: undefined, error };
        throw error;
      }
    }),
  );
  const outcomes = new Array<BatchOutcome>(entries.length);
  const admitted: { i: number; entry: InviteInput; method: InvitationMethod | undefined }[] = [];
  gates.forEach((gate, i) => {
    if (gate.error) outcomes[i] = { status: 'error', error: gate.error };
    else admitted.push({ i, entry: entries[i]!, method: gate.method });
  });

  const invited = await services.guests.inviteMany(
    scope,
    admitted.map(({ entry }) => ({
      email: entry.email,
      displayName: entry.displayName ?? null,
      redirectUrl: entry.redirectUrl,
    })),
  );
  const tokens = await services.invitations.createMany(
    scope,
    invited.map(({ guest }) => guest.id),
  );

  const mails: (() => Promise<unknown>)[] = [];
  admitted.forEach(({ i, entry, method }, j) => {
    const { guest, created } = invited[j]!;
    const redeemUrl = `${mount.base}/invite/${tokens[j]!}`;
    const status = created ? 'created' : 'existing';
    const emailSent = entry.sendEmail ?? true;
    outcomes[i] = { status, guest, redeemUrl, emailSent };
    if (emailSent)
      mails.push(() => queueInvitationMail(services, tenant, { guest, redeemUrl, method }));
    services.logger.info(created ? 'guest.invited' : 'guest.reinvited', {
      tenant: tenant.id,
      guest: guest.id,
    });
  });
  // the mails go to the courier's queue together: one pipeline, whatever the number of rows
  await services.store.together(() => Promise.all(mails.map((queue) => queue())));
  return outcomes;
}
