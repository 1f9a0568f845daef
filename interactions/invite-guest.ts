import { emailDomain } from '../src/directory/guest.js';
import type { Guest } from '../src/directory/guest.js';
import { tenantScope } from '../src/directory/tenant.js';
import type { Tenant } from '../src/directory/tenant.js';
import { invitationMail } from './mail/invitation-mail.js';
import type { JourneyServices, Mount } from './step.js';

export interface InviteInput {
  readonly email: string;
  readonly redirectUrl: string;
  readonly displayName?: string | null | undefined;
  /** mail the link (default true) */
  readonly sendEmail?: boolean | undefined;
}

export interface InviteResult {
  readonly guest: Guest;
  /** false when the address was already a guest (a fresh link is made all the same) */
  readonly created: boolean;
  readonly redeemUrl: string;
  /** the invitation mail was queued for the courier (its delivery: the tenant's mail log) */
  readonly emailSent: boolean;
}

/**
 * Invites an address (or re-invites the guest it already is): a fresh redemption link, and
 * the invitation mail queued for the courier unless asked not to. One operation for the
 * admin API, the plugin and bulk invitations.
 */
export async function inviteGuest(
  services: Pick<JourneyServices, 'guests' | 'invitations' | 'courier' | 'logger'>,
  tenant: Tenant,
  mount: Mount,
  input: InviteInput,
): Promise<InviteResult> {
  const scope = tenantScope(tenant);
  const { guest, created } = await services.guests.invite(scope, {
    email: input.email,
    displayName: input.displayName ?? null,
    redirectUrl: input.redirectUrl,
  });
  const token = await services.invitations.create(scope, guest.id);
  const redeemUrl = `${mount.base}/invite/${token}`;
  const emailSent = input.sendEmail ?? true;
  if (emailSent) await queueInvitationMail(services, tenant, guest, redeemUrl);
  services.logger.info(created ? 'guest.invited' : 'guest.reinvited', {
    tenant: tenant.id,
    guest: guest.id,
  });
  return { guest, created, redeemUrl, emailSent };
}

/**
 * Queues a guest's invitation mail for the courier (src/mail/courier/): the one way an
 * invitation is mailed. What became of it shows in the tenant's mail log.
 */
export async function queueInvitationMail(
  services: Pick<JourneyServices, 'courier' | 'logger'>,
  tenant: Tenant,
  guest: Guest,
  redeemUrl: string,
): Promise<string> {
  const id = await services.courier.enqueue({
    ...invitationMail({
      organization: tenant.displayName,
      redeemUrl,
      guestName: guest.displayName ?? undefined,
      email: guest.email,
    }),
    to: guest.email,
    kind: 'invitation',
    tenant: tenant.id,
    scope: tenantScope(tenant),
    guest: guest.id,
  });
  services.logger.info('invitation.queued', {
    tenant: tenant.id,
    guest: guest.id,
    domain: emailDomain(guest.email),
    mail: id,
  });
  return id;
}
