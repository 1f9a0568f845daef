import { z } from 'zod';
import type { ClientKey } from './client-key.js';

/**
 * What a rule's `type` fills in: `entra` (Microsoft Entra ID: issuer, endpoints, the tenant
 * check and the xms_edov email check) and `google` (the issuer and the hd check); without a
 * type, any OpenID provider given by its issuer (Auth0, Okta, Keycloak, …).
 */
export type RuleType = 'oidc' | 'entra' | 'google';

/** How the `aud` of a private_key_jwt client assertion names the upstream. */
export type AssertionAudience = 'issuer' | 'token_endpoint';

/** Email domains mapped to an upstream OpenID Provider. */
export interface FederationRule {
  readonly id: string;
  /** absent: `oidc` */
  readonly type?: 'entra' | 'google';
  readonly domains: readonly string[];
  /**
   * The issuer exactly as the upstream states it (compared as a string: `https://x.auth0.com/`
   * keeps its slash), or a template with one `{tenantid}` that each ID token's `tid` fills in.
   */
  readonly issuer: string;
  /** where the upstream's metadata is, when not at `{issuer}/.well-known/openid-configuration` */
  readonly discovery?: string;
  /** templated issuers: the tenant ids allowed (absent: any) */
  readonly tenants?: readonly string[];
  /** entra: the tenant as the admin wrote it (an id, `organizations` or `common`) */
  readonly tenant?: string;
  /** entra: the cloud instance (login.microsoftonline.com unless a national cloud) */
  readonly instance?: string;
  /** google: the Workspace domain `hd` must name, when it is not the email's domain */
  readonly hostedDomain?: string;
  /** private_key_jwt: the assertion's audience (absent: the token endpoint) */
  readonly assertionAudience?: AssertionAudience;
  readonly clientId: string;
  /** one of the two client credentials: a secret, or a key Guestpass holds */
  readonly clientSecret?: string;
  readonly clientKey?: ClientKey;
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

export const tenantPlaceholder = '{tenantid}';

/** Microsoft's tenant of personal accounts: `organizations` excludes it, `common` takes it. */
export const microsoftConsumerTenant = '9188040d-6c67-4c5b-b112-36a304b66dad';

const entraDefaultInstance = 'https://login.microsoftonline.com';
const googleIssuer = 'https://accounts.google.com';

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Upstream URLs are https; http only on loopback outside production (tests). */
export function issuerAllowed(issuer: string, production: boolean): boolean {
  if (/\s/.test(issuer)) return false;
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

export const isTemplate = (issuer: string) => issuer.includes(tenantPlaceholder);

/** a tenant id as a template may take it: no character that could leave its path segment */
const tenantIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The issuer a templated rule expects for a tenant id (undefined: not a usable tenant id). */
export function issuerForTenant(template: string, tid: unknown): string | undefined {
  if (typeof tid !== 'string' || !tenantIdPattern.test(tid)) return undefined;
  return template.replace(tenantPlaceholder, tid);
}

/** May a token of tenant `tid` sign in through this rule? (its allow-list, and Entra's kinds) */
export function tenantAllowed(rule: FederationRule, tid: string): boolean {
  if (rule.tenants && !rule.tenants.includes(rule.type === 'entra' ? tid.toLowerCase() : tid)) {
    return false;
  }
  return !(
    rule.type === 'entra' &&
    rule.tenant === 'organizations' &&
    tid === microsoftConsumerTenant
  );
}

/** Does an actual issuer (a bound guest's) belong to the rule? Exact, or its template's. */
export function issuerMatches(rule: FederationRule, issuer: string): boolean {
  if (!isTemplate(rule.issuer)) return rule.issuer === issuer;
  const [prefix = '', suffix = ''] = rule.issuer.split(tenantPlaceholder);
  if (!issuer.startsWith(prefix) || !issuer.endsWith(suffix)) return false;
  const tid = issuer.slice(prefix.length, issuer.length - suffix.length);
  return issuerForTenant(rule.issuer, tid) === issuer && tenantAllowed(rule, tid);
}

/** Where the upstream's metadata is (OpenID Connect Discovery 1.0, section 4). */
export const discoveryUrl = (rule: Pick<FederationRule, 'issuer' | 'discovery'>) =>
  rule.discovery ?? `${rule.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;

const domainPattern =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

const domain = (error: string) =>
  z.string({ error }).trim().toLowerCase().regex(domainPattern, { error });

/** The fields each type takes beyond the common ones, for "only for type …" errors. */
const typesOf: Record<string, readonly RuleType[]> = {
  issuer: ['oidc', 'google'],
  discovery: ['oidc'],
  tenants: ['oidc', 'entra'],
  assertionAudience: ['oidc'],
  tenant: ['entra'],
  instance: ['entra'],
  hostedDomain: ['google'],
};

/** a template's placeholder sits in the path: filling it in never changes the origin */
function templateInPath(issuer: string): boolean {
  try {
    const origin = (tid: string) => new URL(issuer.replace(tenantPlaceholder, tid)).origin;
    return origin('a') === origin('b');
  } catch {
    return true; // not a URL at all: the URL check says so
  }
}

function ruleFields(production: boolean) {
  const url = (what: string) =>
    z.string({ error: `required, ${what}` }).refine((v) => issuerAllowed(v, production), {
      error: production ? 'must be an https URL' : 'must be an https URL (http only on localhost)',
    });
  return z
    .object({
      id: z.string({ error: 'required, a string' }).regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
        error: 'must be lowercase letters, digits and hyphens (1 to 63 characters)',
      }),
      type: z
        .enum(['oidc', 'entra', 'google'], { error: 'must be "oidc", "entra" or "google"' })
        .optional(),
      domains: z
        .array(domain('each must be a domain name like example.com'), {
          error: 'must be an array of domain names',
        })
        .min(1, { error: 'must name at least one domain' }),
      issuer: z
        .string({ error: 'required, the upstream issuer URL' })
        .refine((v) => (v.match(/\{[^}]*\}/g) ?? []).every((p) => p === tenantPlaceholder), {
          error: `the only placeholder an issuer takes is ${tenantPlaceholder}`,
        })
        .refine((v) => v.split(tenantPlaceholder).length <= 2, {
          error: `${tenantPlaceholder} may appear once`,
        })
        .refine((v) => issuerAllowed(v.replace(tenantPlaceholder, 'tenant'), production), {
          error: production
            ? 'must be an https URL'
            : 'must be an https URL (http only on localhost)',
        })
        .refine(templateInPath, { error: `${tenantPlaceholder} may appear only in the path` })
        .optional(),
      discovery: url('the URL of the upstream metadata')
        .refine((v) => !v.includes(tenantPlaceholder), {
          error: `is a URL without ${tenantPlaceholder}`,
        })
        .optional(),
      tenants: z
        .array(
          z
            .string({ error: 'each must be a string' })
            .regex(tenantIdPattern, { error: 'each must be a tenant id (letters, digits, . _ -)' }),
          { error: 'must be an array of tenant ids' },
        )
        .min(1, { error: 'must name at least one tenant (or leave tenants out: any tenant)' })
        .optional(),
      tenant: z
        .string({ error: 'must be a string' })
        .refine((v) => guidPattern.test(v) || v === 'organizations' || v === 'common', {
          error: 'must be a tenant id (a GUID), "organizations" or "common"',
        })
        .optional(),
      instance: url('the Entra ID cloud instance URL')
        .refine((v) => /^https?:\/\/[^/]+\/?$/.test(v), {
          error: 'must be an origin like https://login.microsoftonline.com',
        })
        .optional(),
      hostedDomain: domain('must be a domain name like example.com').optional(),
      assertionAudience: z
        .enum(['issuer', 'token_endpoint'], { error: 'must be "issuer" or "token_endpoint"' })
        .optional(),
      clientId: z.string({ error: 'required, a string' }).min(1, { error: 'must not be empty' }),
      clientAuth: z
        .enum(['client_secret', 'private_key_jwt'], {
          error: 'must be "client_secret" or "private_key_jwt"',
        })
        .optional(),
      clientSecret: z
        .string({ error: 'must be a string' })
        .min(1, { error: 'must not be empty' })
        .optional(),
    })
    .strict();
}

type RuleFields = z.infer<ReturnType<typeof ruleFields>>;

/** The first thing wrong with a rule's combination of fields: [field, why]. */
function combinationProblem(
  rule: RuleFields,
  secretRequired: boolean,
): [string, string] | undefined {
  const type = rule.type ?? 'oidc';
  for (const [field, types] of Object.entries(typesOf)) {
    if (rule[field as keyof RuleFields] !== undefined && !types.includes(type)) {
      return [field, `only for type ${types.map((t) => `"${t}"`).join(' or ')}`];
    }
  }
  if (type === 'oidc') {
    if (rule.issuer === undefined) return ['issuer', 'required, the upstream issuer URL'];
    if (isTemplate(rule.issuer) && rule.discovery === undefined) {
      return ['discovery', `required with ${tenantPlaceholder}: the URL of the upstream metadata`];
    }
    if (!isTemplate(rule.issuer) && rule.tenants) {
      return ['tenants', `only with an issuer template (${tenantPlaceholder})`];
    }
  }
  if (type === 'entra') {
    if (rule.tenant === undefined) {
      return ['tenant', 'required: a tenant id (a GUID), "organizations" or "common"'];
    }
    if (guidPattern.test(rule.tenant) && rule.tenants) {
      return ['tenants', 'only with tenant "organizations" or "common"'];
    }
    if (rule.tenants?.some((t) => !guidPattern.test(t))) {
      return ['tenants', 'each must be a tenant id (a GUID)'];
    }
  }
  if (rule.clientAuth === 'private_key_jwt') {
    if (rule.clientSecret !== undefined) {
      return ['clientSecret', 'not used with clientAuth "private_key_jwt" (leave it out)'];
    }
    if (secretRequired) {
      return [
        'clientAuth',
        "private_key_jwt is for a tenant's own rules (the admin API keeps the key)",
      ];
    }
    return undefined;
  }
  if (rule.assertionAudience !== undefined) {
    return ['assertionAudience', 'only with clientAuth "private_key_jwt"'];
  }
  if (secretRequired && rule.clientSecret === undefined)
    return ['clientSecret', 'required, a string'];
  return undefined;
}

/** The rule an admin wrote, with what its type fills in: the issuer, the discovery URL. */
export type ParsedRule = Omit<FederationRule, 'clientKey'> & {
  readonly clientAuth?: 'client_secret' | 'private_key_jwt';
};

function normalize(fields: RuleFields): ParsedRule {
  const { type, tenant, instance, tenants, ...rest } = fields;
  const common = Object.fromEntries(
    Object.entries(rest).filter(([, v]) => v !== undefined),
  ) as unknown as Omit<ParsedRule, 'issuer'> & { issuer?: string };
  if (type === 'entra') {
    const origin = (instance ?? entraDefaultInstance).replace(/\/$/, '');
    const id = tenant!.toLowerCase();
    return {
      ...common,
      type,
      tenant: id,
      ...(instance ? { instance: origin } : {}),
      ...(tenants ? { tenants: tenants.map((t) => t.toLowerCase()) } : {}),
      issuer: `${origin}/${guidPattern.test(id) ? id : tenantPlaceholder}/v2.0`,
      discovery: `${origin}/${id}/v2.0/.well-known/openid-configuration`,
    };
  }
  const issuer = common.issuer ?? googleIssuer;
  if (type === 'google') return { ...common, type, issuer };
  return { ...common, ...(tenants ? { tenants } : {}), issuer };
}

/** A rule as an admin, FEDERATION_RULES or a plugin host writes it (before its type fills it in). */
export type FederationRuleInput = z.input<ReturnType<typeof ruleFields>>;

/**
 * The shape of one rule, as an admin or the deployment's configuration writes it; the output
 * has its issuer (and discovery URL) filled in from its type. `clientAuth: "private_key_jwt"`
 * asks for a key Guestpass holds (the admin API creates it); otherwise a `clientSecret`.
 */
export function ruleSchema(production: boolean, secretRequired: boolean) {
  return ruleFields(production)
    .superRefine((rule, ctx) => {
      const problem = combinationProblem(rule, secretRequired);
      if (problem) ctx.addIssue({ code: 'custom', path: [problem[0]], message: problem[1] });
    })
    .transform(normalize);
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

/** The rule a federated guest redeemed with, by their issuer (the tenant's own first). */
export function ruleForIssuer(
  issuer: string,
  tenantRules: readonly FederationRule[],
  deploymentRules: readonly FederationRule[],
): SourcedRule | undefined {
  const own = tenantRules.find((r) => issuerMatches(r, issuer));
  if (own) return { rule: own, source: 'tenant' };
  const shared = deploymentRules.find((r) => issuerMatches(r, issuer));
  return shared && { rule: shared, source: 'deployment' };
}
