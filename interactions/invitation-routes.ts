import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { messages } from '../src/http/messages.js';
import { startBrowserFlow, takeBrowserFlow } from './browser-flow.js';
import { authorizationEndpoint, publishedKeys, tokenRequest } from './in-process.js';
import { invitationCallbackPath, invitationClientId } from './invitation-client.js';
import type { RouteContext } from './step.js';

interface Redemption {
  readonly guestId: string;
  readonly codeVerifier: string;
  readonly nonce: string;
}

const cookieName = 'gp_redeem';
const redemptionTtlSeconds = 3600;
const random = (bytes = 32) => randomBytes(bytes).toString('base64url');

/**
 * The callback of the invitation client: the code is exchanged at the provider's own token
 * endpoint (PKCE, single use) and the ID token verified against the provider's keys; the
 * guest it names must be the invitation's.
 */
async function redeemed(rc: RouteContext): Promise<void> {
  const { ctx, services, scope, provider, mount } = rc;
  const place = { cookie: cookieName, path: `${mount.path}/invite` };
  const taken = await takeBrowserFlow<Redemption>(ctx, services.store, place, (state) =>
    services.keys.redemption(scope, state),
  );
  if (!taken) throw messages.invitationExpired();
  const redemption = taken.value;
  if (ctx.query.error) {
    throw messages.invitationNotAccepted(
      String(ctx.query.error_description ?? 'The invitation was not accepted.'),
    );
  }
  const exchanged = await tokenRequest(provider, {
    grant_type: 'authorization_code',
    code: String(ctx.query.code ?? ''),
    redirect_uri: `${mount.base}${invitationCallbackPath}`,
    client_id: invitationClientId,
    code_verifier: redemption.codeVerifier,
  });
  const idToken = (exchanged.body as { id_token?: unknown }).id_token;
  if (exchanged.status !== 200 || typeof idToken !== 'string')
    throw messages.invitationOtherGuest();
  const keys = createLocalJWKSet((await publishedKeys(provider)) as JSONWebKeySet);
  const { payload } = await jwtVerify(idToken, keys, {
    issuer: provider.issuer,
    audience: invitationClientId,
  });
  const guest = await services.guests.find(scope, redemption.guestId);
  if (!guest || payload.sub !== guest.id || payload.nonce !== redemption.nonce) {
    throw messages.invitationOtherGuest();
  }
  ctx.status = 303;
  ctx.redirect(guest.redirectUrl);
}

/**
 * `{mount}/invite/{token}`: redemption by the link in the invitation mail. It signs the
 * guest in through the ordinary journey (authorization code + PKCE with Guestpass's own
 * client, the address as login_hint), then sends them to the invitation's redirect URL.
 */
export async function invitationRoutes(rc: RouteContext, rest: string): Promise<boolean> {
  const { ctx, services, scope, tenant, provider, mount } = rc;
  if (!rest.startsWith('/invite/') || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return false;
  if (rest === invitationCallbackPath) {
    await redeemed(rc);
    return true;
  }
  const invitation = await services.invitations.find(scope, rest.slice('/invite/'.length));
  const guest = invitation && (await services.guests.find(scope, invitation.guestId));
  if (!guest) throw messages.invitationInvalid(tenant.displayName);
  const state = random(24);
  const redemption: Redemption = { guestId: guest.id, codeVerifier: random(), nonce: random(16) };
  await startBrowserFlow(
    ctx,
    services.store,
    { cookie: cookieName, path: `${mount.path}/invite` },
    {
      state,
      key: services.keys.redemption(scope, state),
      value: redemption,
      ttlSeconds: redemptionTtlSeconds,
    },
  );
  const authorize = new URL(await authorizationEndpoint(provider));
  authorize.search = new URLSearchParams({
    client_id: invitationClientId,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: `${mount.base}${invitationCallbackPath}`,
    state,
    nonce: redemption.nonce,
    code_challenge: createHash('sha256').update(redemption.codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
    login_hint: guest.email,
    prompt: 'login',
  }).toString();
  services.logger.info('invitation.opened', { tenant: tenant.id, guest: guest.id });
  ctx.status = 303;
  ctx.redirect(authorize.href);
  return true;
}
