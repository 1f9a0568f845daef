import { createHash, randomBytes } from 'node:crypto';
import type { Guests } from '../src/directory/guests.js';
import { invitationCallbackPath, invitationClientId } from '../src/directory/invitation-client.js';
import type { Invitations } from '../src/directory/invitations.js';
import { tenantScope } from '../src/directory/tenant.js';
import type { Keys } from '../src/store/keys.js';
import type { Store } from '../src/store/store.js';
import type { TenantProviders } from '../src/server/tenant-providers.js';
import type { TenantHandler } from '../src/server/tenant-routes.js';
import type { Logger } from '../src/util/logger.js';
import { startBrowserFlow, takeBrowserFlow } from './browser-flow.js';
import { messages } from '../src/http/messages.js';

interface Redemption {
  guestId: string;
}

const cookieName = 'gp_redeem';
const redemptionTtlSeconds = 3600;

/**
 * `/{tenant}/invite/{token}`: redemption by the link in the invitation mail. It signs the
 * guest in through the ordinary journey (authorization code + PKCE with Guestpass's own
 * client, the address as login_hint), then sends them to the invitation's redirect URL.
 */
export function invitationRoutes(services: {
  store: Store;
  keys: Keys;
  guests: Guests;
  invitations: Invitations;
  providers: TenantProviders;
  logger: Logger;
}): TenantHandler {
  return async function redeem(ctx, tenant, rest) {
    if (!rest.startsWith('/invite/') || (ctx.method !== 'GET' && ctx.method !== 'HEAD'))
      return false;
    const scope = tenantScope(tenant);
    const { provider } = services.providers.get(tenant);
    const place = { cookie: cookieName, path: `/${tenant.id}/invite` };

    if (rest === invitationCallbackPath) {
      const taken = await takeBrowserFlow<Redemption>(ctx, services.store, place, (state) =>
        services.keys.redemption(scope, state),
      );
      if (!taken) {
        throw messages.invitationExpired();
      }
      const redemption = taken.value;
      if (ctx.query.error) {
        throw messages.invitationNotAccepted(
          String(ctx.query.error_description ?? 'The invitation was not accepted.'),
        );
      }
      const code = await provider.AuthorizationCode.find(String(ctx.query.code ?? ''));
      const guest = await services.guests.find(scope, redemption.guestId);
      if (
        !code ||
        code.clientId !== invitationClientId ||
        (code as unknown as { consumed?: number }).consumed ||
        !guest ||
        code.accountId !== guest.id
      ) {
        throw messages.invitationOtherGuest();
      }
      // the code served only to prove who signed in: used once, here
      await code.destroy();
      ctx.status = 303;
      ctx.redirect(guest.redirectUrl);
      return true;
    }

    const token = rest.slice('/invite/'.length);
    const invitation = await services.invitations.find(scope, token);
    const guest = invitation && (await services.guests.find(scope, invitation.guestId));
    if (!guest) {
      throw messages.invitationInvalid(tenant.displayName);
    }
    const state = randomBytes(24).toString('base64url');
    // PKCE is required of every client; the code is checked in process, so the verifier is not kept
    const verifier = randomBytes(32).toString('base64url');
    const redemption: Redemption = { guestId: guest.id };
    await startBrowserFlow(ctx, services.store, place, {
      state,
      key: services.keys.redemption(scope, state),
      value: redemption,
      ttlSeconds: redemptionTtlSeconds,
    });
    const authorize = new URL(`${provider.issuer}/auth`);
    authorize.search = new URLSearchParams({
      client_id: invitationClientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: `${provider.issuer}${invitationCallbackPath}`,
      state,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      login_hint: guest.email,
      prompt: 'login',
    }).toString();
    services.logger.info('invitation.opened', { tenant: tenant.id, guest: guest.id });
    ctx.status = 303;
    ctx.redirect(authorize.href);
    return true;
  };
}
