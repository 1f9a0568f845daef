import type { FindAccount, KoaContextWithOIDC } from 'oidc-provider';
import type { Guest } from './guest.js';
import type { Guests } from './guests.js';
import { tenantScope } from './tenant.js';
import type { Tenant } from './tenant.js';

/** Whether the guest may still sign in the way they redeemed (policy may have changed). */
export function methodAllowed(tenant: Tenant, guest: Guest): boolean {
  if (guest.authMethod === 'otp') return tenant.policy.emailOtp.enabled;
  return guest.authMethod !== null;
}

/** The claims of a guest (CONTRACT.md "Tokens and claims"). */
export function guestClaims(guest: Guest) {
  return {
    sub: guest.id,
    email: guest.email,
    email_verified: true,
    idp: guest.authMethod === 'federation' && guest.federation ? guest.federation.issuer : 'mail',
    ...(guest.displayName ? { name: guest.displayName } : {}),
  };
}

/**
 * oidc-provider's account lookup for one tenant. Only a redeemed guest whose method the
 * tenant still allows is an account: a deleted guest, or a passcode guest after passcodes
 * were turned off, has no account, so their sessions and refresh tokens stop working.
 * The tenant of the request (read once per request by the router) wins over the one the
 * provider was built with, so a policy change applies on the next request.
 */
export function guestAccounts(guests: Guests, builtFor: Tenant): FindAccount {
  return async (ctx: KoaContextWithOIDC, sub: string) => {
    const tenant = (ctx?.state?.tenant as Tenant | undefined) ?? builtFor;
    const guest = await guests.find(tenantScope(tenant), sub);
    if (!guest || guest.state !== 'accepted' || !methodAllowed(tenant, guest)) return undefined;
    return { accountId: guest.id, claims: () => guestClaims(guest) };
  };
}
