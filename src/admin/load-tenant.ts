import type { Tenant } from '../directory/tenant.js';
import { notFound } from '../http/errors.js';
import type { AdminServices } from './admin-services.js';

export async function loadTenant(services: AdminServices, id: string | undefined): Promise<Tenant> {
  const tenant = id ? await services.tenants.find(id) : undefined;
  if (!tenant) throw notFound(`tenant "${id ?? ''}" does not exist`);
  return tenant;
}
