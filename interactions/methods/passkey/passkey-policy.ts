import type { Tenant } from '../../../src/directory/tenant.js';
import type { Guest } from '../../../src/directory/guest.js';

/** Passkeys are on unless the tenant turned them off (tenants saved before them: on). */
export const passkeysEnabled = (tenant: Tenant): boolean =>
  tenant.policy.passkeys?.enabled !== false;

/**
 * The methods a passkey may stand in for: the ones that prove the address by mail. A guest
 * whose organization signs them in (federation) keeps doing so: a passkey never replaces it.
 */
export const replaceable: ReadonlySet<string> = new Set(['otp']);

/** may this guest add a passkey (or sign in with one, before resolution has its say) */
export const mayUsePasskeys = (tenant: Tenant, guest: Guest | undefined): guest is Guest =>
  passkeysEnabled(tenant) && guest?.state === 'accepted' && replaceable.has(guest.authMethod ?? '');
