import { describe, expect, it } from '@jest/globals';
import { routeFamily } from '../../../src/server/route-family.js';

describe('the route family of a request path (the HTTP histogram label)', () => {
  it.each([
    ['/healthz', 'health'],
    ['/readyz', 'health'],
    ['/metrics', 'metrics'],
    ['/admin/v1', 'admin_api'],
    ['/admin/v1/tenants/acme/guests/g_123', 'admin_api'],
    ['/admin', 'admin_console'],
    ['/admin/tenants/acme', 'admin_console'],
    ['/dev/outbox', 'dev'],
    ['/dev/outbox.json', 'dev'],
    ['/demo', 'dev'],
    ['/demo-rp/callback', 'dev'],
    ['/acme/.well-known/openid-configuration', 'oidc_discovery'],
    ['/acme/.well-known/oauth-authorization-server', 'oidc_discovery'],
    ['/.well-known/openid-configuration/acme', 'oidc_discovery'],
    ['/.well-known/oauth-authorization-server/acme', 'oidc_discovery'],
    ['/acme/jwks', 'oidc_jwks'],
    ['/acme/auth', 'oidc_auth'],
    ['/acme/auth/Yb3kq9-uid', 'oidc_auth'],
    ['/acme/request', 'oidc_auth'],
    ['/acme/token', 'oidc_token'],
    ['/acme/token/introspection', 'oidc_token'],
    ['/acme/token/revocation', 'oidc_token'],
    ['/acme/me', 'oidc_userinfo'],
    ['/acme/session/end', 'oidc_logout'],
    ['/acme/session/end/confirm', 'oidc_logout'],
    ['/acme/session/end/success', 'oidc_logout'],
    ['/acme/reg', 'oidc_registration'],
    ['/acme/reg/client-id-1', 'oidc_registration'],
    ['/acme/device/auth', 'oidc_other'],
    ['/acme/interaction/uid-1', 'journey'],
    ['/acme/interaction/uid-1/verify', 'journey'],
    ['/acme/invite/abcdef123', 'journey'],
    ['/acme/invite/callback', 'journey'],
    ['/acme/federation/callback', 'journey'],
    ['/acme/saml/acs', 'journey'],
    ['/', 'other'],
    ['/acme', 'other'],
    ['/favicon.ico', 'other'],
    ['/.well-known/openid-configuration', 'other'],
    ['/auth/something', 'other'],
    ['/Not_A_Tenant/token', 'other'],
    ['/guest@example.com/token', 'other'],
  ])('%s → %s', (path, family) => {
    expect(routeFamily(path)).toBe(family);
  });

  it('never returns a part of the path: a thousand random paths give only the known families', () => {
    const known = new Set([
      'health',
      'metrics',
      'admin_api',
      'admin_console',
      'dev',
      'oidc_discovery',
      'oidc_jwks',
      'oidc_auth',
      'oidc_token',
      'oidc_userinfo',
      'oidc_logout',
      'oidc_registration',
      'oidc_other',
      'journey',
      'other',
    ]);
    const alphabet = 'ab-/.@1_x%';
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 1000; i += 1) {
      const length = 1 + (next() % 30);
      let path = '/';
      for (let j = 0; j < length; j += 1) path += alphabet[next() % alphabet.length];
      expect(known.has(routeFamily(path))).toBe(true);
    }
  });
});
