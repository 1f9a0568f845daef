import { isIP } from 'node:net';
import type { Config } from '../../../config/config.js';
import type { Tenant } from '../../../src/directory/tenant.js';
import type { Guest } from '../../../src/directory/guest.js';

/**
 * Can browsers make passkeys for this server at all: WebAuthn's RP ID is PUBLIC_URL's host,
 * and it must be a domain name (`localhost` included), never an IP address.
 */
export const passkeysPossible = (config: Pick<Config, 'publicUrl'>): boolean =>
  isIP(new URL(config.publicUrl).hostname.replace(/^\[|\]$/g, '')) === 0;

/**
 * Passkeys are on unless the tenant turned them off (tenants saved before them: on), and
 * only where browsers can make them (passkeysPossible).
 */
export const passkeysEnabled = (tenant: Tenant, config: Pick<Config, 'publicUrl'>): boolean =>
  tenant.policy.passkeys?.enabled !== false && passkeysPossible(config);

/**
 * The methods a passkey may stand in for: the ones that prove the address by mail. A guest
 * whose organization signs them in (federation, OIDC or SAML) keeps doing so: their passkey
 * tells who they are (no address to type), then their organization's sign-in still decides.
 */
export const replaceable: ReadonlySet<string> = new Set(['otp']);

/**
 * May this guest add a passkey, or start a sign-in with one (resolution still has its say
 * afterwards): any guest who redeemed their invitation, whatever their method.
 */
export const mayUsePasskeys = (
  tenant: Tenant,
  config: Pick<Config, 'publicUrl'>,
  guest: Guest | undefined,
): guest is Guest =>
  passkeysEnabled(tenant, config) &&
  guest?.state === 'accepted' &&
  guest.authMethod !== null &&
  guest.authMethod !== 'passkey';
