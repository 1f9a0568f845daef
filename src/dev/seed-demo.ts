import type { ClientMetadata } from 'oidc-provider';
import type { Config } from '../../config/config.js';
import { tenantScope } from '../directory/tenant.js';
import type { Tenant } from '../directory/tenant.js';
import type { AdminServices } from '../admin/admin-services.js';

export const demoTenantId = 'demo';
export const demoTenantName = 'Demo Organization';
export const demoClientId = 'demo-app';
/** the one invited guest: uninvited addresses never get a code (anti-enumeration) */
export const demoGuestEmail = 'guest@example.com';

/** where the demo relying party lives (src/dev/demo-rp.ts) */
export const demoUrls = (config: Pick<Config, 'publicUrl'>) => ({
  page: `${config.publicUrl}/demo`,
  callback: `${config.publicUrl}/demo-rp/callback`,
  issuer: `${config.publicUrl}/${demoTenantId}`,
});

/**
 * `npm run dev`: the demo tenant, its public relying party and one invited guest exist from the
 * first start. Idempotent: with a persistent REDIS_URL it runs again at every start, and
 * rewrites the client when PUBLIC_URL (so its redirect URIs) changed.
 */
export async function seedDemo(services: AdminServices): Promise<void> {
  const tenant = await demoTenant(services);
  const scope = tenantScope(tenant);
  const urls = demoUrls(services.config);
  const metadata: Omit<ClientMetadata, 'client_id'> = {
    client_name: 'Demo app',
    token_endpoint_auth_method: 'none',
    redirect_uris: [urls.callback],
    post_logout_redirect_uris: [urls.page],
    response_types: ['code'],
    grant_types: ['authorization_code'],
  };
  const existing = await services.clients.find(scope, demoClientId);
  if (
    !existing ||
    JSON.stringify(existing.redirect_uris) !== JSON.stringify(metadata.redirect_uris) ||
    JSON.stringify(existing.post_logout_redirect_uris) !==
      JSON.stringify(metadata.post_logout_redirect_uris)
  ) {
    await services.clients.create(scope, metadata, demoClientId);
  }
  // invite() returns the existing guest when the address is already invited; no mail is sent
  await services.guests.invite(scope, {
    email: demoGuestEmail,
    displayName: 'Demo Guest',
    redirectUrl: urls.page,
  });
}

async function demoTenant(services: AdminServices): Promise<Tenant> {
  const tenant =
    (await services.tenants.find(demoTenantId)) ??
    (await services.tenants.create(demoTenantId, demoTenantName)) ??
    // created by a concurrent start between find and create
    (await services.tenants.find(demoTenantId));
  if (!tenant) throw new Error(`could not seed the ${demoTenantId} tenant`);
  return tenant;
}
