import type { Router } from '@koa/router';
import { z } from 'zod';
import { invitationMail } from '../../interactions/mail/invitation-mail.js';
import { emailDomain, guestView, isEmailAddress } from '../directory/guest.js';
import { isAllowedRedirectUri, redirectUriRule } from '../directory/redirect-uri.js';
import { tenantScope } from '../directory/tenant.js';
import { MailDeliveryError } from '../mail/mailer.js';
import { endAccount } from '../store/end-account.js';
import { notFound } from '../http/errors.js';
import type { Services } from '../server/services.js';
import type { BodyReader } from './body-reader.js';
import { loadTenant } from './load-tenant.js';
import { validate } from './validate.js';

const noControlCharacters = (v: string) => !/[\u0000-\u001f\u007f]/.test(v);

const invite = z
  .object({
    email: z
      .string({ error: 'required, an email address' })
      .trim()
      .refine(isEmailAddress, { error: 'must be an email address, like name@example.com' }),
    redirectUrl: z
      .string({ error: 'required, a URL' })
      .refine(isAllowedRedirectUri, { error: redirectUriRule }),
    sendEmail: z.boolean({ error: 'must be true or false' }).default(true),
    displayName: z
      .string({ error: 'must be a string' })
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(200, { error: 'at most 200 characters' })
      .refine(noControlCharacters, { error: 'must not contain control characters (CR, LF, …)' })
      .optional(),
  })
  .strict();

export function guestRoutes(router: Router, services: Services, readBody: BodyReader) {
  router.post('/tenants/:tenant/invitations', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const input = validate(invite, await readBody(ctx));
    const scope = tenantScope(tenant);
    const { guest, created } = await services.guests.invite(scope, {
      email: input.email,
      displayName: input.displayName ?? null,
      redirectUrl: input.redirectUrl,
    });
    const token = await services.invitations.create(scope, guest.id);
    const redeemUrl = `${services.config.publicUrl}/${tenant.id}/invite/${token}`;
    let emailSent = false;
    if (input.sendEmail) {
      try {
        await services.mailer.send({
          ...invitationMail({
            organization: tenant.displayName,
            redeemUrl,
            guestName: guest.displayName ?? undefined,
            email: guest.email,
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
    ctx.status = created ? 201 : 200;
    ctx.body = { guest: guestView(guest), redeemUrl, emailSent };
  });

  router.get('/tenants/:tenant/guests', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    ctx.body = (await services.guests.list(tenantScope(tenant))).map(guestView);
  });

  router.get('/tenants/:tenant/guests/:guest', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const guest = await services.guests.find(tenantScope(tenant), ctx.params.guest ?? '');
    if (!guest)
      throw notFound(`guest "${ctx.params.guest}" does not exist in tenant "${tenant.id}"`);
    ctx.body = guestView(guest);
  });

  router.delete('/tenants/:tenant/guests/:guest', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const scope = tenantScope(tenant);
    const guest = await services.guests.find(scope, ctx.params.guest ?? '');
    if (!guest)
      throw notFound(`guest "${ctx.params.guest}" does not exist in tenant "${tenant.id}"`);
    await services.guests.delete(scope, guest);
    const ended = await endAccount(services.store, services.keys, scope, guest.id);
    services.logger.info('guest.deleted', {
      tenant: tenant.id,
      guest: guest.id,
      endedRecords: ended,
    });
    ctx.status = 204;
  });
}
