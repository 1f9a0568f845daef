import type { Services } from '../server/services.js';

export const demoTenantId = 'demo';

/** `npm run dev`: the demo tenant exists from the first start. */
export async function seedDemo(services: Services): Promise<void> {
  const existing = await services.tenants.find(demoTenantId);
  if (!existing) await services.tenants.create(demoTenantId, 'Demo Organization');
}
