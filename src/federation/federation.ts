import { tenantScope } from '../directory/tenant.js';
import type { Tenant } from '../directory/tenant.js';
import type { FederationRules } from './federation-rules.js';
import type { FederationRule, RulesInForce } from './rule.js';
import type { Upstreams } from './upstreams.js';

/** Federation as the rest of Guestpass sees it: the rules in force and the upstream client. */
export class Federation {
  constructor(
    readonly rules: FederationRules,
    readonly upstreams: Upstreams,
    readonly deploymentRules: readonly FederationRule[],
  ) {}

  async rulesInForce(tenant: Tenant): Promise<RulesInForce> {
    return { tenant: await this.rules.list(tenantScope(tenant)), deployment: this.deploymentRules };
  }
}
