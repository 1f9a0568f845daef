import { expect } from '@jest/globals';
import { startJourneyWorld } from './guest-journey.js';
import type { JourneyWorld } from './guest-journey.js';
import { startUpstreamIdp } from './upstream-idp.js';
import type { UpstreamAccount, UpstreamIdp } from './upstream-idp.js';

/** A Guestpass (mail to a SendGrid stand-in) and a real upstream IdP, both on loopback. */
export interface FederationWorld extends JourneyWorld {
  upstream: UpstreamIdp;
  /** sets the tenant's rules through the admin API, registering our callback at the upstream */
  setRules(
    tenant: string,
    rules: { id: string; domains: string[]; issuer?: string }[],
  ): Promise<{ status: number; body: any }>; // any: the API's JSON
}

export async function startFederationWorld(
  accounts: UpstreamAccount[],
  env: Record<string, string> = {},
  upstream?: UpstreamIdp,
): Promise<FederationWorld> {
  const idp = upstream ?? (await startUpstreamIdp({ accounts }));
  const world = await startJourneyWorld(env);
  return {
    ...world,
    upstream: idp,
    async setRules(tenant, rules) {
      idp.addClient({
        clientId: `guestpass-${tenant}`,
        clientSecret: `secret-of-${tenant}`,
        redirectUris: [`${world.t.url}/${tenant}/federation/callback`],
      });
      const response = await world.t.admin(
        'PUT',
        `/tenants/${tenant}/federation`,
        rules.map((r) => ({
          issuer: idp.issuer,
          clientId: `guestpass-${tenant}`,
          clientSecret: `secret-of-${tenant}`,
          ...r,
        })),
      );
      expect(response.status).toBe(200);
      return response;
    },
    async close() {
      await world.close();
      await idp.stop();
    },
  };
}
