import type { FederationRule } from './rule.js';

/**
 * What an upstream's claims say of the guest's email, read as the rule's provider means them.
 * `verified` lets a first redemption compare the email with the invited one; anything else
 * refuses it (a guest already bound by (iss, sub) does not need their email).
 */
export type EmailCheck = 'verified' | 'email_unverified' | 'hosted_domain_mismatch';

export interface EmailEvidence {
  readonly email: string | undefined;
  readonly check: EmailCheck;
}

type Claims = Readonly<Record<string, unknown>>;

/** Google's own consumer domains: their accounts have no `hd` (no Workspace). */
const googleConsumerDomains = new Set(['gmail.com', 'googlemail.com']);

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * May the email come from userinfo when the ID token lacks it? Not for Entra ID: its
 * evidence (xms_edov) is an ID token claim that userinfo never carries.
 */
export const emailFromUserinfo = (rule: FederationRule) => rule.type !== 'entra';

/** Do these claims hold everything the rule's email check reads? (otherwise: userinfo) */
export function holdsEmail(rule: FederationRule, claims: Claims): boolean {
  if (typeof claims.email !== 'string') return false;
  return rule.type === 'entra' || claims.email_verified !== undefined;
}

/**
 * - any OpenID provider (Auth0, Okta, Keycloak): `email_verified` is `true`;
 * - Google: `email_verified` is `true`, and `hd` (the Workspace domain) is the rule's
 *   `hostedDomain` or else the email's own domain; gmail.com and googlemail.com have no `hd`.
 *   Without the hd check any Google account that asserts an address at a partner's domain
 *   would pass, while only the Workspace that owns the domain is authoritative for it;
 * - Entra ID has no `email_verified`, and its `email` is a mutable directory attribute that a
 *   tenant's admin may set to any address (the nOAuth attack): the email counts only with
 *   `xms_edov: true`, Entra's statement that the domain owner of the address is verified (the
 *   user's tenant verified the domain, or the account is a Microsoft, Google or passcode one).
 */
export function checkEmail(rule: FederationRule, claims: Claims): EmailEvidence {
  const email = typeof claims.email === 'string' ? claims.email : undefined;
  if (rule.type === 'entra') {
    return { email, check: claims.xms_edov === true ? 'verified' : 'email_unverified' };
  }
  if (claims.email_verified !== true) return { email, check: 'email_unverified' };
  if (rule.type === 'google' && email !== undefined) {
    const domain = domainOf(email);
    const hd = googleConsumerDomains.has(domain) ? undefined : (rule.hostedDomain ?? domain);
    if (claims.hd !== hd) return { email, check: 'hosted_domain_mismatch' };
  }
  return { email, check: 'verified' };
}
