import { Router } from '@koa/router';
import compose from 'koa-compose';
import type { Context, Middleware, Next } from 'koa';
import { csrfToken, csrfValid } from '../../interactions/csrf.js';
import { federationCallbackUrl } from '../../interactions/methods/federation/federation-flow.js';
import { samlPaths, spEndpoints } from '../../interactions/methods/saml/saml-flow.js';
import type { AdminServices } from '../admin/admin-services.js';
import { GuestpassError, methodNotAllowed, toGuestpassError } from '../http/errors.js';
import { logFailure } from '../http/log-failure.js';
import { readBytes, readForm } from '../http/read-body.js';
import { html } from '../util/html.js';
import { SecretBox } from '../util/secret-box.js';
import { adminClient, apiPrefix } from './admin-client.js';
import type { AdminCall } from './admin-client.js';
import { showConsolePage } from './console-page.js';
import { adminKeyPages } from './pages/admin-keys.js';
import { clientPages } from './pages/clients.js';
import { federationPages } from './pages/federation.js';
import { guestPages } from './pages/guests.js';
import { invitationPages } from './pages/invitations.js';
import { signInLogPage } from './pages/sign-ins.js';
import { signInPages } from './pages/sign-in.js';
import { tenantPages } from './pages/tenants.js';
import { ConsoleSessions } from './session.js';
import { texts } from './texts.js';
import { Visit } from './visit.js';
import type { ConsoleRoutes } from './visit.js';

/** forms are small; a pasted CSV of 1000 invitations is not */
const formLimit = 16 * 1024;
const uploadLimit = 512 * 1024;

/** A form as fields: urlencoded, or multipart/form-data (an uploaded file's text). */
async function readAnyForm(ctx: Context, multipart: boolean): Promise<Record<string, string>> {
  if (!multipart || !ctx.is('multipart/form-data')) {
    return readForm(ctx, multipart ? uploadLimit : formLimit);
  }
  // the platform's own multipart parser (undici's Response.formData), no dependency
  const body = await readBytes(ctx, uploadLimit);
  let parsed: FormData;
  try {
    parsed = await new Response(body, {
      headers: { 'content-type': ctx.get('content-type') },
    }).formData();
  } catch {
    throw new GuestpassError(400, 'invalid_request', texts.badUpload);
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of parsed.entries()) {
    fields[name] = typeof value === 'string' ? value : await value.text();
  }
  return fields;
}

/**
 * The admin console at /admin (everything below it but the API's /admin/v1): server-rendered
 * pages, no script, a client of the admin API in process. `api` is the admin API's handler;
 * `atPublicOrigin` holds the console to PUBLIC_URL's origin (and makes it secure behind TLS).
 */
export function adminConsole(
  services: AdminServices,
  api: Middleware,
  atPublicOrigin: Middleware,
): Middleware {
  const { config, store, keys, clock, logger } = services;
  const sessions = new ConsoleSessions(
    store,
    keys,
    new SecretBox(config.cookieSecrets, 'console-session'),
    clock,
  );
  const clientFor = adminClient(api);
  const csrfOf = (sessionId: string) => csrfToken(config.cookieSecrets, 'admin-console', sessionId);
  const router = new Router({ prefix: '/admin' });

  /** the session, or a redirect to the sign-in page (saying so when it timed out) */
  async function visitOf(ctx: Context, form?: Record<string, string>): Promise<Visit | undefined> {
    const session = await sessions.load(ctx);
    if (!session || session === 'expired') {
      ctx.status = 303;
      ctx.redirect(session === 'expired' ? '/admin/sign-in?expired=1' : '/admin/sign-in');
      return undefined;
    }
    const csrf = csrfOf(session.id);
    if (form && !csrfValid(config.cookieSecrets, 'admin-console', session.id, form.csrf)) {
      throw new GuestpassError(403, 'invalid_request', texts.csrf, { title: 'Form expired' });
    }
    const call = clientFor(session.credential);
    // a credential the API no longer takes (a deleted key, a changed ADMIN_TOKEN) ends the session
    const api: AdminCall = async <T>(method: string, path: string, body?: unknown) => {
      const reply = await call<T>(method, path, body);
      if (reply.status !== 401) return reply;
      await sessions.end(ctx);
      throw new GuestpassError(401, 'invalid_token', texts.credentialGone, {
        title: 'Signed out',
      });
    };
    return new Visit(ctx, session, api, csrf, sessions, form);
  }

  const routes: ConsoleRoutes = {
    get(path, handle) {
      router.get(path, async (ctx) => {
        const visit = await visitOf(ctx);
        if (visit) await handle(visit);
      });
    },
    post(path, handle, options = {}) {
      router.post(path, async (ctx) => {
        const visit = await visitOf(ctx, await readAnyForm(ctx, options.multipart ?? false));
        if (visit) await handle(visit);
      });
    },
  };

  signInPages(router, { services, sessions, clientFor });
  router.get('/', async (ctx) => {
    const visit = await visitOf(ctx);
    if (!visit) return;
    ctx.status = 303;
    const { principal } = visit;
    ctx.redirect(
      principal.kind === 'operator'
        ? '/admin/tenants'
        : `/admin/tenants/${encodeURIComponent(principal.tenantId)}`,
    );
  });
  tenantPages(routes);
  guestPages(routes);
  invitationPages(routes);
  federationPages(routes, async (tenantId) => {
    // what a new rule's upstream registers, before any rule exists (the API shows it per rule)
    const tenant = await services.tenants.find(tenantId);
    if (!tenant) return undefined;
    const mount = services.mountOf(tenant);
    return {
      callback: federationCallbackUrl(mount),
      sp: { ...spEndpoints(mount), metadataUrl: `${mount.base}${samlPaths.metadata}` },
    };
  });
  clientPages(routes);
  adminKeyPages(routes);
  signInLogPage(routes);

  const handle = compose<Context>([
    atPublicOrigin,
    router.routes() as unknown as Middleware,
    router.allowedMethods() as unknown as Middleware,
  ]);

  return async function adminConsolePages(ctx: Context, next: Next) {
    const path = ctx.path;
    if (path !== '/admin' && !path.startsWith('/admin/')) return next();
    if (path === apiPrefix || path.startsWith(`${apiPrefix}/`)) return next();
    try {
      await handle(ctx, async () => {});
      if (ctx.status === 404 && ctx.body === undefined)
        throw new GuestpassError(404, 'not_found', texts.noPage);
      if (ctx.status === 405 && ctx.body === undefined) throw methodNotAllowed(ctx.method);
    } catch (thrown) {
      const error = toGuestpassError(thrown);
      logFailure(logger, ctx, error.status, thrown);
      showConsolePage(ctx, error.status, {
        title: error.title ?? texts.errorTitle,
        error: error.expose ? error.description : texts.unexpected,
        body:
          error.status === 401
            ? html`<p><a href="/admin/sign-in">Sign in again</a></p>`
            : html`<p><a href="/admin">Back to the console</a></p>`,
      });
    }
  };
}
