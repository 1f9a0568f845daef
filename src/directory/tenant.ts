import type { Branding } from '../http/branding.js';
import type { Language } from '../http/messages/format.js';

/** A tenant: an organization that invites guests. */
export interface Tenant {
  readonly id: string;
  readonly displayName: string;
  /** random per creation: data of a deleted tenant never resurfaces in a new one of the same id */
  readonly instance: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly policy: TenantPolicy;
  /** the language of its pages and mails when neither ui_locales nor the browser names one */
  readonly defaultLanguage?: Language | undefined;
  /** its logo, accent colour and support line on pages and mails (src/http/branding.ts) */
  readonly branding?: Branding | undefined;
}

export interface TenantPolicy {
  readonly emailOtp: { readonly enabled: boolean };
  /** passkeys as a choice of guests who added one; absent = on (tenants saved before them) */
  readonly passkeys?: { readonly enabled: boolean };
}

export const defaultPolicy: TenantPolicy = Object.freeze({
  emailOtp: Object.freeze({ enabled: true }),
});

// one rule for the server and the CLI (which checks ids before sending them)
export { tenantIdPattern } from '../http/resource-ids.js';

/**
 * First path segments that are not tenants: OpenID routes (so `/auth` says "a tenant-specific
 * URL is required" instead of "unknown tenant") and Guestpass's own top-level paths.
 */
export const reservedTenantIds = new Set([
  'auth',
  'token',
  'me',
  'jwks',
  'session',
  'reg',
  'interaction',
  'userinfo',
  'introspect',
  'revoke',
  'admin',
  'dev',
  'healthz',
  'readyz',
  'metrics',
  'demo-rp',
  'static',
  'assets',
  'favicon.ico',
  'robots.txt',
  'authorize',
  'oauth',
  'oauth2',
  'oidc',
  'openid',
  'par',
  'device',
  'backchannel',
  'request',
]);

/** The scope string every tenant-owned key is built from. */
export function tenantScope(tenant: Pick<Tenant, 'id' | 'instance'>): string {
  return `${tenant.id}:${tenant.instance}`;
}
