import type { Tenant } from '../directory/tenant.js';

/** The admin API's view of a tenant (internal fields left out). */
export function tenantView(tenant: Tenant) {
  return {
    id: tenant.id,
    displayName: tenant.displayName,
    policy: tenant.policy,
    defaultLanguage: tenant.defaultLanguage ?? null,
    branding: {
      logoUrl: tenant.branding?.logoUrl ?? null,
      accentColor: tenant.branding?.accentColor ?? null,
      supportContact: tenant.branding?.supportContact ?? null,
    },
    createdAt: tenant.createdAt,
    updatedAt: tenant.updatedAt,
  };
}
