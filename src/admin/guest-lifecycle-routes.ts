import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { inviteGuest } from '../../interactions/invite-guest.js';
import { Consents } from '../directory/consents.js';
import { guestView } from '../directory/guest.js';
import type { Guest } from '../directory/guest.js';
import { endGuestAccess } from '../directory/guest-access.js';
import { invitationInput } from '../directory/invitation-input.js';
import { Passkeys, passkeyView } from '../directory/passkeys.js';
import { tenantScope } from '../directory/tenant.js';
import type { Tenant } from '../directory/tenant.js';
import { invalidRequest, notFound } from '../http/errors.js';
import { validate } from '../http/validate.js';
import type { AdminServices } from './admin-services.js';
import type { BodyReader } from './body-reader.js';
import { loadTenant } from './load-tenant.js';

/** the body of a reset: both fields optional, and the body too */
const resetInput = z
  .object({
    /** mail the fresh invitation link (default: only return it) */
    sendEmail: z.boolean({ error: 'must be true or false' }).default(false),
    /** where the invitation leads after redemption from now on (default: as before) */
    redirectUrl: invitationInput.shape.redirectUrl.optional(),
  })
  .strict();

/** a WebAuthn credential id as Guestpass stores it (base64url) */
const credentialIdPattern = /^[A-Za-z0-9_-]{1,1366}$/;

async function loadGuest(
  services: AdminServices,
  ctx: { params: Record<string, string | undefined> },
): Promise<{ tenant: Tenant; scope: string; guest: Guest }> {
  const tenant = await loadTenant(services, ctx.params.tenant);
  const scope = tenantScope(tenant);
  const id = String(ctx.params.guest ?? '');
  const guest = await services.guests.find(scope, id);
  if (!guest) throw notFound(`guest "${id}" does not exist in tenant "${tenant.id}"`);
  return { tenant, scope, guest };
}

/** An optional JSON body: none (no Content-Type, no length) reads as `{}`. */
async function optionalBody(ctx: Context, readBody: BodyReader): Promise<unknown> {
  const empty = !ctx.get('content-type') && !Number(ctx.get('content-length') || 0);
  return empty ? {} : readBody(ctx);
}

/**
 * A guest's lifecycle beyond invite and delete: reset redemption, remembered consents and
 * their revocation, and the guest's passkeys.
 */
export function guestLifecycleRoutes(
  router: Router,
  services: AdminServices,
  readBody: BodyReader,
) {
  router.post('/tenants/:tenant/guests/:guest/reset-redemption', async (ctx) => {
    const input = validate(resetInput, await optionalBody(ctx, readBody));
    const { tenant, scope, guest } = await loadGuest(services, ctx);
    const reset = await services.guests.resetRedemption(scope, guest, input.redirectUrl);
    if (!reset) throw notFound(`guest "${guest.id}" does not exist in tenant "${tenant.id}"`);
    // the guest is pending now, so no session or token of theirs is an account any more;
    // then what they held goes
    const ended = await endGuestAccess(services.store, services.keys, scope, guest.id);
    // the fresh link (and its mail) the way a single invitation makes them
    const invited = await inviteGuest(services, tenant, services.mountOf(tenant), {
      email: reset.email,
      redirectUrl: reset.redirectUrl,
      displayName: reset.displayName,
      sendEmail: input.sendEmail,
    });
    if (invited.created || invited.guest.id !== guest.id) {
      // the guest was deleted meanwhile: the invitation must not bring them back
      await services.guests.delete(scope, invited.guest);
      throw notFound(`guest "${guest.id}" does not exist in tenant "${tenant.id}"`);
    }
    services.logger.info('guest.redemption_reset', {
      tenant: tenant.id,
      guest: guest.id,
      previousMethod: guest.authMethod,
      passkeysRemoved: ended.passkeys,
      consentsRevoked: ended.consents,
      endedRecords: ended.records,
    });
    ctx.body = {
      guest: guestView(invited.guest),
      redeemUrl: invited.redeemUrl,
      emailSent: invited.emailSent,
      passkeysRemoved: ended.passkeys,
      consentsRevoked: ended.consents,
    };
  });

  router.get('/tenants/:tenant/guests/:guest/consents', async (ctx) => {
    const { scope, guest } = await loadGuest(services, ctx);
    ctx.body = await new Consents(services.store, services.keys).list(scope, guest.id);
  });

  router.delete('/tenants/:tenant/guests/:guest/consents/:client', async (ctx) => {
    const { tenant, scope, guest } = await loadGuest(services, ctx);
    const clientId = String(ctx.params.client ?? '');
    const revoked = await new Consents(services.store, services.keys).revoke(
      scope,
      guest.id,
      clientId,
    );
    if (!revoked)
      throw notFound(`guest "${guest.id}" has no consent to client "${clientId}" to revoke`);
    services.logger.info('guest.consent_revoked', {
      tenant: tenant.id,
      guest: guest.id,
      client: clientId,
    });
    ctx.status = 204;
  });

  router.get('/tenants/:tenant/guests/:guest/passkeys', async (ctx) => {
    const { scope, guest } = await loadGuest(services, ctx);
    const passkeys = await new Passkeys(services.store, services.keys).list(scope, guest.id);
    ctx.body = passkeys.map(passkeyView);
  });

  router.delete('/tenants/:tenant/guests/:guest/passkeys/:credentialId', async (ctx) => {
    const credentialId = String(ctx.params.credentialId ?? '');
    if (!credentialIdPattern.test(credentialId))
      throw invalidRequest('credentialId: must be a passkey id (base64url) from the guest');
    const { tenant, scope, guest } = await loadGuest(services, ctx);
    const removed = await new Passkeys(services.store, services.keys).remove(
      scope,
      guest.id,
      credentialId,
    );
    if (!removed)
      throw notFound(
        `guest "${guest.id}" has no passkey "${credentialId}" in tenant "${tenant.id}"`,
      );
    services.logger.info('guest.passkey_removed', { tenant: tenant.id, guest: guest.id });
    ctx.status = 204;
  });
}
