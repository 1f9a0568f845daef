/**
 * The ids that appear as path segments of the admin API, one rule each. The server checks
 * every such segment before routing (400 naming it), and the CLI checks every id it is given
 * before it sends anything, with these same rules: an id like `..` never reaches a URL, where
 * `fetch` would resolve `/tenants/acme/guests/..` to `/tenants/acme`.
 */
export const tenantIdPattern = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** ids Guestpass and oidc-provider generate (base64url): guests, clients, admin keys */
const generatedIdPattern = /^[A-Za-z0-9_-]{1,128}$/;

export type ResourceKind = 'tenant' | 'guest' | 'client' | 'admin key';

const rules: Record<ResourceKind, { pattern: RegExp; rule: string }> = {
  tenant: {
    pattern: tenantIdPattern,
    rule: 'lowercase letters, digits and hyphens, 2 to 63 characters, not starting with a hyphen',
  },
  guest: { pattern: generatedIdPattern, rule: 'letters, digits, _ and -, at most 128 characters' },
  client: { pattern: generatedIdPattern, rule: 'letters, digits, _ and -, at most 128 characters' },
  'admin key': {
    pattern: generatedIdPattern,
    rule: 'letters, digits, _ and -, at most 128 characters',
  },
};

/** What is wrong with an id of a kind ("tenant id "..": must be …"), or undefined. */
export function resourceIdProblem(kind: ResourceKind, value: string): string | undefined {
  const { pattern, rule } = rules[kind];
  return pattern.test(value) ? undefined : `${kind} id ${JSON.stringify(value)}: must be ${rule}`;
}
