import { emailDomain } from '../src/directory/guest.js';
import type { Guest } from '../src/directory/guest.js';
import { tenantScope } from '../src/directory/tenant.js';
import type { Tenant } from '../src/directory/tenant.js';
import { MailDeliveryError } from '../src/mail/mailer.js';
import { invitationMail } from './mail/invitation-mail.js';
import type { JourneyServices, Mount } from './step.js';

export interface InviteInput {
  readonly email: string;
  readonly redirectUrl: string;
  readonly displayName?: string | null | undefined;
  /** mail the link (default true) */
  readonly sendEmail?: boolean | undefined;
  /** the mail's language; default the tenant's default language, else English */
  readonly language?: string | undefined;
}

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
 */
export async function inviteGuest(
  services: Pick<JourneyServices, 'guests' | 'invitations' | 'mailer' | 'logger'>,
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
  let emailSent = false;
  if (input.sendEmail ?? true) {
    try {
      await services.mailer.send({
        ...invitationMail({
          organization: tenant.displayName,
          redeemUrl,
          guestName: guest.displayName ?? undefined,
          email: guest.email,
          language: input.language ?? tenant.defaultLanguage,
          brand: tenant.branding,
        }),
        to: guest.email,
        kind: 'invitation',
        tenant: tenant.id,
      });
      emailSent = true;
      services.logger.info('invitation.sent', {
        tenant: tenant.id,
        guest: guest.id,
        domain: emailDomain(guest.email),
      });
    } catch (error) {
      if (!(error instanceof MailDeliveryError)) throw error;
      services.logger.error('invitation.not_sent', {
        tenant: tenant.id,
        guest: guest.id,
        permanent: error.permanent,
      });
    }
  }
  services.logger.info(created ? 'guest.invited' : 'guest.reinvited', {
    tenant: tenant.id,
    guest: guest.id,
  });
  return { guest, created, redeemUrl, emailSent };
}
