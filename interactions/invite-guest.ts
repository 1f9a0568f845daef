import { emailDomain } from '../src/directory/guest.js';
import type { Guest } from '../src/directory/guest.js';
import { tenantScope } from '../src/directory/tenant.js';
import type { Tenant } from '../src/directory/tenant.js';
import { invitationMethod } from './invitation-method.js';
import type { InvitationMethod } from './invitation-method.js';
import { invitationMail } from './mail/invitation-mail.js';
import type { JourneyServices, Mount } from './step.js';

export interface InviteInput {
  readonly email: string;
  readonly redirectUrl: string;
  readonly displayName?: string | null | undefined;
  /** mail the link (default true) */
  readonly sendEmail?: boolean | undefined;
  /** invite even when no sign-in method would apply (else 409 no_sign_in_method) */
  readonly force?: boolean | undefined;
  /** the mail's language; default the tenant's default language, else English */
  readonly language?: string | undefined;
}

/** what inviting uses of the journey's services */
export type InviteServices = Pick<
  JourneyServices,
  'guests' | 'invitations' | 'courier' | 'logger' | 'methods' | 'resolve'
>;

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
 * admin API and the plugin (bulk invitations: interactions/invite-guests.ts).
 * Refused (409 no_sign_in_method) when no sign-in method would apply, unless `force`.
 */
export async function inviteGuest(
  services: InviteServices,
  tenant: Tenant,
  mount: Mount,
  input: InviteInput,
): Promise<InviteResult> {
  const scope = tenantScope(tenant);
  const method = await invitationMethod(services, services.resolve, {
    tenant,
    email: input.email,
    guest: await services.guests.findByEmail(scope, input.email),
    force: input.force ?? false,
  });
  const { guest, created } = await services.guests.invite(scope, {
    email: input.email,
    displayName: input.displayName ?? null,
    redirectUrl: input.redirectUrl,
  });
  const token = await services.invitations.create(scope, guest.id);
  const redeemUrl = `${mount.base}/invite/${token}`;
  const emailSent = input.sendEmail ?? true;
  if (emailSent)
    await queueInvitationMail(services, tenant, {
      guest,
      redeemUrl,
      method,
      language: input.language,
    });
  services.logger.info(created ? 'guest.invited' : 'guest.reinvited', {
    tenant: tenant.id,
    guest: guest.id,
  });
  return { guest, created, redeemUrl, emailSent };
}

/**
 * Queues a guest's invitation mail for the courier (src/mail/courier/): the one way an
 * invitation is mailed (the single invitation and each row of a batch). What became of it
 * shows in the tenant's mail log.
 */
export async function queueInvitationMail(
  services: Pick<JourneyServices, 'courier' | 'logger'>,
  tenant: Tenant,
  {
    guest,
    redeemUrl,
    method,
    language,
  }: { guest: Guest; redeemUrl: string; method?: InvitationMethod; language?: string | undefined },
): Promise<string> {
  const id = await services.courier.enqueue({
    ...invitationMail({
      organization: tenant.displayName,
      redeemUrl,
      guestName: guest.displayName ?? undefined,
      email: guest.email,
      method,
      language: language ?? tenant.defaultLanguage,
      brand: tenant.branding,
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
