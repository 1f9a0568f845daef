import type { FindAccount, KoaContextWithOIDC } from 'oidc-provider';
import { normalizeEmail } from '../src/directory/guest.js';
import type { Guest } from '../src/directory/guest.js';
import type { Guests } from '../src/directory/guests.js';
import { tenantScope } from '../src/directory/tenant.js';
import type { Tenant } from '../src/directory/tenant.js';
import type { Methods } from './step.js';

/**
 * The claims of a guest: sub, email (verified by the journey), idp of the method they signed
 * in with (the one whose amr the sign-in carries: a passkey), else of their method, name.
 */
export function guestClaims(guest: Guest, methods: Methods, amr?: readonly string[]) {
  const signedInWith = amr && methods.all.find((m) => m.amr.join(' ') === amr.join(' '));
  return {
    sub: guest.id,
    email: normalizeEmail(guest.email),
    email_verified: true,
    idp: (signedInWith ?? methods.get(guest.authMethod))?.idp(guest) ?? 'mail',
    ...(guest.displayName ? { name: guest.displayName } : {}),
  };
}

/** the amr of the sign-in a token is issued for (the code's, refresh token's or session's) */
function loginAmr(ctx: KoaContextWithOIDC | undefined): readonly string[] | undefined {
  const entities = ctx?.oidc?.entities as Record<string, { amr?: unknown } | undefined> | undefined;
  const amr = (
    entities?.AuthorizationCode ??
    entities?.RefreshToken ??
    entities?.DeviceCode ??
    entities?.Session
  )?.amr;
  return Array.isArray(amr) ? (amr as string[]) : undefined;
}

/**
 * oidc-provider's account lookup for one organization. Only a redeemed guest whose method
 * still allows them is an account: a deleted guest, or a passcode guest after passcodes were
 * turned off, has no account, so their sessions and refresh tokens stop working. The tenant
 * is read per request (the server's router leaves it in ctx.state), so a policy change
 * applies on the next request.
 */
export function guestAccounts(
  guests: Guests,
  methods: Methods,
  currentTenant: (ctx: KoaContextWithOIDC | undefined) => Promise<Tenant | undefined>,
): FindAccount {
  return async (ctx: KoaContextWithOIDC, sub: string) => {
    const tenant = await currentTenant(ctx);
    if (!tenant) return undefined;
    const guest = await guests.find(tenantScope(tenant), sub);
    if (guest?.state !== 'accepted') return undefined;
    const method = methods.get(guest.authMethod);
    if (!method?.allows(tenant, guest)) return undefined;
    return { accountId: guest.id, claims: () => guestClaims(guest, methods, loginAmr(ctx)) };
  };
}
