import { reservedTenantIds, tenantIdPattern } from '../directory/tenant.js';

/**
 * What a request was for, in a few words: the label of the HTTP duration histogram. It is
 * derived from the shape of the routes Guestpass serves, never the raw path, so ids,
 * addresses, tokens and tenant ids never become label values.
 */
export type RouteFamily =
  | 'health'
  | 'metrics'
  | 'admin_api'
  | 'admin_console'
  | 'dev'
  | 'oidc_discovery'
  | 'oidc_jwks'
  | 'oidc_auth'
  | 'oidc_token'
  | 'oidc_userinfo'
  | 'oidc_logout'
  | 'oidc_registration'
  | 'oidc_other'
  | 'journey'
  | 'other';

/** a tenant's oidc-provider routes (src/server/server-oidc-configuration.ts keeps the defaults) */
const providerRoutes: readonly (readonly [RegExp, RouteFamily])[] = [
  [/^\/\.well-known\/[^/]+$/, 'oidc_discovery'],
  [/^\/jwks$/, 'oidc_jwks'],
  [/^\/(auth|request)(\/[^/]+)?$/, 'oidc_auth'],
  [/^\/token(\/(introspection|revocation))?$/, 'oidc_token'],
  [/^\/me$/, 'oidc_userinfo'],
  [/^\/session\/end(\/[^/]+)*$/, 'oidc_logout'],
  [/^\/reg(\/[^/]+)?$/, 'oidc_registration'],
  [/^\/(device|backchannel)(\/[^/]+)*$/, 'oidc_other'],
];

/** The family of a request path, as the server's routes are laid out (see RouteFamily). */
export function routeFamily(path: string): RouteFamily {
  if (path === '/healthz' || path === '/readyz') return 'health';
  if (path === '/metrics') return 'metrics';
  if (path === '/admin/v1' || path.startsWith('/admin/v1/')) return 'admin_api';
  if (path === '/admin' || path.startsWith('/admin/')) return 'admin_console';
  if (path.startsWith('/dev/') || path === '/demo' || /^\/demo-rp(\/|$)/.test(path)) return 'dev';
  // RFC 8414's path-inserted metadata, /.well-known/openid-configuration/{t}
  if (/^\/\.well-known\/(openid-configuration|oauth-authorization-server)\/[^/]+$/.test(path))
    return 'oidc_discovery';
  const tenant = /^\/([^/]+)(\/.*)$/.exec(path);
  const segment = tenant?.[1] ?? '';
  if (!tenant || reservedTenantIds.has(segment) || !tenantIdPattern.test(segment)) return 'other';
  const rest = tenant[2] ?? '';
  for (const [pattern, family] of providerRoutes) if (pattern.test(rest)) return family;
  // the journey's pages, invitation links and the methods' own routes (callbacks, ACS)
  return 'journey';
}
