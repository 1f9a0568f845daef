import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { csrfToken, csrfValid } from '../../../interactions/csrf.js';
import type { AdminServices } from '../../admin/admin-services.js';
import { parseAdminKey } from '../../directory/admin-keys.js';
import { addressBucket } from '../../http/client-address.js';
import { readForm } from '../../http/read-body.js';
import { html } from '../../util/html.js';
import { randomId } from '../../util/random-id.js';
import type { AdminCall } from '../admin-client.js';
import { field, showConsolePage } from '../console-page.js';
import { cookiePath } from '../session.js';
import type { ConsolePrincipal, ConsoleSessions } from '../session.js';
import { texts } from '../texts.js';

/** failed sign-ins from one address (an IPv6 /64) in a window before the form refuses */
export const failedSignInLimit = 10;
export const failedSignInWindowSeconds = 15 * 60;

/** the cookie that ties the sign-in form to its browser before there is a session */
const preCookie = 'gp_console_pre';

interface SignInDeps {
  services: AdminServices;
  sessions: ConsoleSessions;
  clientFor: (credential: string) => AdminCall;
}

/** Who a credential is, as the admin API says: the operator, a tenant's admin, or nobody. */
async function principalOf(
  api: AdminCall,
  credential: string,
): Promise<ConsolePrincipal | undefined> {
  const tenants = await api('GET', '/tenants');
  if (tenants.status === 200) return { kind: 'operator' };
  if (tenants.status !== 403) return undefined;
  // a valid tenant key is refused the tenant list: its own tenant is the one it names
  const tenantId = parseAdminKey(credential)?.tenantId;
  if (!tenantId) return undefined;
  const own = await api('GET', `/tenants/${encodeURIComponent(tenantId)}`);
  return own.status === 200 ? { kind: 'tenant', tenantId } : undefined;
}

/** Sign-in (paste the operator token or a tenant admin key) and sign-out. */
export function signInPages(router: Router, deps: SignInDeps) {
  const { services, sessions, clientFor } = deps;
  const secrets = services.config.cookieSecrets;
  const failures = (ctx: Context) =>
    services.keys.rateLimit('console-sign-in-failed', addressBucket(ctx.ip));

  function show(ctx: Context, status: number, state: { notice?: string; error?: string }) {
    let pre = ctx.cookies.get(preCookie, { signed: true });
    if (!pre) {
      pre = randomId(16);
      ctx.cookies.set(preCookie, pre, {
        path: cookiePath,
        httpOnly: true,
        sameSite: 'strict',
        signed: true,
        overwrite: true,
      });
    }
    showConsolePage(ctx, status, {
      title: 'Sign in to the console',
      ...state,
      body: html`<form method="post" action="/admin/sign-in">
          <input type="hidden" name="csrf" value="${csrfToken(secrets, 'console-sign-in', pre)}" />
          ${field('Admin token or tenant admin key', 'token', {
            type: 'password',
            required: true,
            hint: 'The operator token (ADMIN_TOKEN) sees every tenant; a tenant admin key (gpk.…) sees its tenant only.',
          })}
          <button type="submit">Sign in</button>
        </form>
        <p class="muted">
          A session ends after 30 minutes without activity, and after 12 hours in any case.
        </p>`,
    });
  }

  router.get('/sign-in', async (ctx) => {
    show(ctx, 200, {
      ...(ctx.query.expired ? { notice: texts.expired } : {}),
      ...(ctx.query['signed-out'] ? { notice: texts.signedOut } : {}),
    });
  });

  router.post('/sign-in', async (ctx) => {
    const form = await readForm(ctx);
    const pre = ctx.cookies.get(preCookie, { signed: true });
    if (!pre || !csrfValid(secrets, 'console-sign-in', pre, form.csrf)) {
      show(ctx, 403, { error: texts.csrf });
      return;
    }
    const seen = Number((await services.store.get(failures(ctx))) ?? 0);
    if (seen >= failedSignInLimit) {
      show(ctx, 429, { error: texts.tooManyFailures(failedSignInWindowSeconds / 60) });
      return;
    }
    const credential = (form.token ?? '').trim();
    const principal = credential ? await principalOf(clientFor(credential), credential) : undefined;
    if (!principal) {
      await services.store.incrWithTtl(failures(ctx), failedSignInWindowSeconds);
      services.logger.info('console.sign_in_failed', { ip: ctx.ip });
      show(ctx, 401, { error: texts.invalidCredential });
      return;
    }
    await sessions.end(ctx);
    await sessions.create(ctx, credential, principal);
    ctx.cookies.set(preCookie, null, { path: cookiePath });
    services.logger.info('console.signed_in', {
      principal: principal.kind,
      ...(principal.kind === 'tenant' ? { tenant: principal.tenantId } : {}),
    });
    ctx.status = 303;
    ctx.redirect('/admin');
  });

  router.post('/sign-out', async (ctx) => {
    const form = await readForm(ctx);
    const session = await sessions.load(ctx);
    if (
      session &&
      session !== 'expired' &&
      !csrfValid(secrets, 'admin-console', session.id, form.csrf)
    ) {
      show(ctx, 403, { error: texts.csrf });
      return;
    }
    await sessions.end(ctx);
    ctx.status = 303;
    ctx.redirect('/admin/sign-in?signed-out=1');
  });
}
