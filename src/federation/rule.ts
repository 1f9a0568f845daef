import { z } from 'zod';

/** Email domains mapped to an upstream OpenID Provider. */
export interface FederationRule {
  readonly id: string;
  readonly domains: readonly string[];
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The federation rules in force for a tenant: its own, and the deployment's. */
export interface RulesInForce {
  readonly tenant: readonly FederationRule[];
  readonly deployment: readonly FederationRule[];
}

/** Where a rule comes from: the tenant's own, or the deployment's configuration. */
export type RuleSource = 'tenant' | 'deployment';

export interface SourcedRule {
  readonly rule: FederationRule;
  readonly source: RuleSource;
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Upstream issuers are https; http only on loopback outside production (tests). */
export function issuerAllowed(issuer: string, production: boolean): boolean {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return false;
  }
  if (url.search || url.hash || url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return !production && url.protocol === 'http:' && loopbackHosts.has(url.hostname);
}

const domainPattern =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** The shape of one rule, as an admin or the deployment's configuration writes it. */
export function ruleSchema(production: boolean, secretRequired: boolean) {
  return z
    .object({
      id: z.string({ error: 'required, a string' }).regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
        error: 'must be lowercase letters, digits and hyphens (1 to 63 characters)',
      }),
      domains: z
        .array(
          z
            .string({ error: 'each must be a string' })
            .trim()
            .toLowerCase()
            .regex(domainPattern, { error: 'each must be a domain name like example.com' }),
          { error: 'must be an array of domain names' },
        )
        .min(1, { error: 'must name at least one domain' }),
      issuer: z
        .string({ error: 'required, the upstream issuer URL' })
        .transform((v) => v.replace(/\/+$/, ''))
        .refine((v) => issuerAllowed(v, production), {
          error: production
            ? 'must be an https URL'
            : 'must be an https URL (http only on localhost)',
        }),
      clientId: z.string({ error: 'required, a string' }).min(1, { error: 'must not be empty' }),
      clientSecret: secretRequired
        ? z.string({ error: 'required, a string' }).min(1, { error: 'must not be empty' })
        : z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).optional(),
    })
    .strict();
}

/** A domain appears in at most one rule: the first duplicate, if any. */
export function duplicateDomain(
  rules: readonly { domains: readonly string[] }[],
): string | undefined {
  const seen = new Set<string>();
  for (const rule of rules) {
    for (const domain of rule.domains) {
      if (seen.has(domain)) return domain;
      seen.add(domain);
    }
  }
  return undefined;
}

/** The rule for an email domain: the tenant's own wins over the deployment's. */
export function ruleForDomain(
  domain: string,
  tenantRules: readonly FederationRule[],
  deploymentRules: readonly FederationRule[],
): SourcedRule | undefined {
  const own = tenantRules.find((r) => r.domains.includes(domain));
  if (own) return { rule: own, source: 'tenant' };
  const shared = deploymentRules.find((r) => r.domains.includes(domain));
  return shared && { rule: shared, source: 'deployment' };
}

/** The rule a federated guest redeemed with, by its issuer (the tenant's own first). */
export function ruleForIssuer(
  issuer: string,
  tenantRules: readonly FederationRule[],
  deploymentRules: readonly FederationRule[],
): SourcedRule | undefined {
  const own = tenantRules.find((r) => r.issuer === issuer);
  if (own) return { rule: own, source: 'tenant' };
  const shared = deploymentRules.find((r) => r.issuer === issuer);
  return shared && { rule: shared, source: 'deployment' };
}
