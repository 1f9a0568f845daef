import { SamlRules } from '../../../src/federation/saml/saml-rules.js';
import type { SamlRule } from '../../../src/federation/saml/saml-rule.js';
import type { SpEndpoints } from '../../../src/federation/saml/saml-sp.js';
import type { Tenant } from '../../../src/directory/tenant.js';
import { SecretBox } from '../../../src/util/secret-box.js';
import type { BrowserFlowPlace } from '../../browser-flow.js';
import type { JourneyServices, Mount } from '../../step.js';

/** A SAML sign-in between the AuthnRequest and the response at the ACS. */
export interface SamlFlow {
  readonly uid: string;
  readonly ruleId: string;
  readonly requestId: string;
}

/** The journey data of the SAML method: the rule the guest is sent to. */
export interface SamlData {
  readonly rule: string;
}

/** how long the guest may take at the IdP */
export const samlFlowTtlSeconds = 600;

export const samlPaths = { metadata: '/saml/metadata', acs: '/saml/acs' } as const;

export const samlStates = { redirect: 'saml:redirect', verified: 'saml:verified' } as const;

/** the cookie that ties the response to the browser that started the request (Lax: read on GET) */
export const samlPlace = (mount: Mount): BrowserFlowPlace => ({
  cookie: 'gp_saml',
  path: `${mount.path}/saml`,
});

/** This tenant as a SAML SP: the entity ID (its metadata URL) and the ACS URL. */
export const spEndpoints = (mount: Mount): SpEndpoints => ({
  entityId: `${mount.base}${samlPaths.metadata}`,
  acsUrl: `${mount.base}${samlPaths.acs}`,
});

/** The tenant's SAML rules and SP key (keys sealed with the server's secrets). */
export const samlRules = (services: Pick<JourneyServices, 'store' | 'keys' | 'config'>) =>
  new SamlRules(
    services.store,
    services.keys,
    new SecretBox(services.config.cookieSecrets, 'saml-sp-key'),
  );

export const spKey = (
  services: Pick<JourneyServices, 'store' | 'keys' | 'config' | 'clock'>,
  tenant: Tenant,
  scope: string,
) =>
  samlRules(services).spKey(scope, `Guestpass ${tenant.id} SAML`, new Date(services.clock.now()));

export async function findSamlRule(
  services: JourneyServices,
  scope: string,
  id: string,
): Promise<SamlRule | undefined> {
  return (await samlRules(services).list(scope)).find((r) => r.id === id);
}
