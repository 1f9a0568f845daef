import { emailDomain } from '../src/directory/guest.js';
import type { Guest } from '../src/directory/guest.js';
import { tenantScope } from '../src/directory/tenant.js';
import type { Tenant } from '../src/directory/tenant.js';
import { MailDeliveryError } from '../src/mail/mailer.js';
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
  'guests' | 'invitations' | 'mailer' | 'logger' | 'methods' | 'resolve'
>;

export interface InviteResult {
  readonly guest: Guest;
  /** false when the address was already a guest (a fresh link is made all the same) */
  readonly created: boolean;
  readonly redeemUrl: string;
  readonly emailSent: boolean;
}

/**
 * Invites an address (or re-invites the guest it already is): a fresh redemption link, and
 * the invitation mail unless asked not to. One operation for the admin API and the plugin.
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
  const emailSent =
    (input.sendEmail ?? true) &&
    (await sendInvitationMail(services, tenant, {
      guest,
      redeemUrl,
      method,
      language: input.language,
    }));
  services.logger.info(created ? 'guest.invited' : 'guest.reinvited', {
    tenant: tenant.id,
    guest: guest.id,
  });
  return { guest, created, redeemUrl, emailSent };
}

/**
 * Mails one invitation (the single invitation and each row of a batch): true when it was
 * sent; a delivery failure is logged and answered false, never thrown.
 */
export async function sendInvitationMail(
  services: Pick<JourneyServices, 'mailer' | 'logger'>,
  tenant: Tenant,
  {
    guest,
    redeemUrl,
    method,
    language,
  }: { guest: Guest; redeemUrl: string; method?: InvitationMethod; language?: string | undefined },
): Promise<boolean> {
  try {
    await services.mailer.send({
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
    });
    services.logger.info('invitation.sent', {
      tenant: tenant.id,
      guest: guest.id,
      domain: emailDomain(guest.email),
    });
    return true;
  } catch (error) {
    if (!(error instanceof MailDeliveryError)) throw error;
    services.logger.error('invitation.not_sent', {
      tenant: tenant.id,
      guest: guest.id,
      permanent: error.permanent,
    });
    return false;
  }
}
