import { z } from 'zod';
import type { Router } from '@koa/router';
import { inviteGuest } from '../../interactions/invite-guest.js';
import { guestView } from '../directory/guest.js';
import { guestPageQuery } from '../directory/guest-order.js';
import { invitationInput } from '../directory/invitation-input.js';
import { tenantScope } from '../directory/tenant.js';
import { endGuestAccess } from '../directory/guest-access.js';
import { Passkeys, passkeyView } from '../directory/passkeys.js';
import { invalidRequest, notFound } from '../http/errors.js';
import type { AdminServices } from './admin-services.js';
import type { BodyReader } from './body-reader.js';
import { invitationBatchRoutes } from './invitation-batch-routes.js';
import { loadTenant } from './load-tenant.js';
import { asksForPage } from '../http/page-query.js';
import { validate } from '../http/validate.js';

/** `email`: the address whose guest is asked for */
const guestEmailQuery = z.object({
  email: z
    .string({ error: 'must be one email address' })
    .trim()
    .min(1, { error: 'must be an email address' })
    .max(320, { error: 'must be at most 320 characters' }),
});

export function guestRoutes(router: Router, services: AdminServices, readBody: BodyReader) {
  router.post('/tenants/:tenant/invitations', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const input = validate(invitationInput, await readBody(ctx));
    const invited = await inviteGuest(services, tenant, services.mountOf(tenant), input);
    ctx.status = invited.created ? 201 : 200;
    ctx.body = {
      guest: guestView(invited.guest),
      redeemUrl: invited.redeemUrl,
      emailSent: invited.emailSent,
    };
  });
  invitationBatchRoutes(router, services);

  // every guest (an array, oldest invitation first); with `email` the guest of that address
  // (an array of one, or none: one read of the email index); with `limit` or `cursor` a page
  // of them, newest first: {items, next, total}
  router.get('/tenants/:tenant/guests', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const scope = tenantScope(tenant);
    if (ctx.query.email !== undefined) {
      if (asksForPage(ctx.query))
        throw invalidRequest('email: names one guest, so it takes no limit or cursor');
      const { email } = validate(guestEmailQuery, ctx.query);
      const guest = await services.guests.findByEmail(scope, email);
      ctx.body = guest ? [guestView(guest)] : [];
      return;
    }
    if (!asksForPage(ctx.query)) {
      ctx.body = (await services.guests.list(scope)).map(guestView);
      return;
    }
    const { limit, cursor } = validate(guestPageQuery, ctx.query);
    const page = await services.guests.page(scope, limit, cursor);
    ctx.body = { ...page, items: page.items.map(guestView) };
  });

  router.get('/tenants/:tenant/guests/:guest', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const guest = await services.guests.find(tenantScope(tenant), ctx.params.guest ?? '');
    if (!guest)
      throw notFound(`guest "${ctx.params.guest}" does not exist in tenant "${tenant.id}"`);
    // the guest's passkeys (never their public keys): what they added on {mount}/passkeys
    const passkeys = await new Passkeys(services.store, services.keys).list(
      tenantScope(tenant),
      guest.id,
    );
    ctx.body = {
      ...guestView(guest),
      passkeys: passkeys.map(passkeyView),
    };
  });

  router.delete('/tenants/:tenant/guests/:guest', async (ctx) => {
    const tenant = await loadTenant(services, ctx.params.tenant);
    const scope = tenantScope(tenant);
    const guest = await services.guests.find(scope, ctx.params.guest ?? '');
    if (!guest)
      throw notFound(`guest "${ctx.params.guest}" does not exist in tenant "${tenant.id}"`);
    await services.guests.delete(scope, guest);
    // after the guest: a passkey or consent added meanwhile finds no guest and is not stored
    const ended = await endGuestAccess(services.store, services.keys, scope, guest.id);
    services.logger.info('guest.deleted', {
      tenant: tenant.id,
      guest: guest.id,
      passkeysRemoved: ended.passkeys,
      consentsRevoked: ended.consents,
      endedRecords: ended.records,
    });
    ctx.status = 204;
  });
}
