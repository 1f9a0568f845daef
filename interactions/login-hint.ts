import type { KoaContextWithOIDC } from 'oidc-provider';
import { canonicalEmail, normalizeEmail } from '../src/directory/guest.js';

/**
 * Whether the relying party's login_hint names another address than the guest of the
 * session. oidc-provider would answer such a request with the session's guest; the login
 * policy (src/plugin/journey-configuration.ts) asks for the journey instead, which then runs
 * for the hinted address (interactions/steps/identify.ts). A login the guest has just
 * finished in this request (they chose "Use a different email") stands.
 */
export async function loginHintMismatch(ctx: KoaContextWithOIDC): Promise<boolean> {
  const { oidc } = ctx;
  const hint = oidc.params?.login_hint;
  const wanted = typeof hint === 'string' ? canonicalEmail(hint) : undefined;
  if (!wanted || !oidc.account || oidc.result?.login) return false;
  const claims = await oidc.account.claims('id_token', 'openid email', {}, []);
  return normalizeEmail(String(claims.email ?? '')) !== wanted;
}
