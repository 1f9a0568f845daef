import { Router } from '@koa/router';
import compose from 'koa-compose';
import type { Context, Middleware, Next } from 'koa';
import { logFailure } from '../http/log-failure.js';
import { renderError } from '../http/render-error.js';
import { invalidRequest, notFound } from '../http/errors.js';
import { resourceIdProblem } from '../http/resource-ids.js';
import type { ResourceKind } from '../http/resource-ids.js';
import { readJson } from '../http/read-body.js';
import type { AdminServices } from './admin-services.js';
import { adminKeyRoutes } from './admin-key-routes.js';
import { adminAuth } from './auth.js';
import { federationRoutes } from './federation-routes.js';
import { mailRoutes } from './mail-routes.js';
import { signInRoutes } from './sign-in-routes.js';
import { clientRoutes } from './client-routes.js';
import { guestRoutes } from './guest-routes.js';
import { guestLifecycleRoutes } from './guest-lifecycle-routes.js';
import { keyRoutes } from './key-routes.js';
import { registrationRoutes } from './registration-routes.js';
import { tenantRoutes } from './tenant-routes.js';

export const adminPrefix = '/admin/v1';

/** the id parameters of the admin routes and the rule each obeys */
const pathParams: [string, ResourceKind][] = [
  ['tenant', 'tenant'],
  ['guest', 'guest'],
  ['client', 'client'],
  ['adminKey', 'admin key'],
];
const bodyLimit = 64 * 1024;

/** The operator's API: /admin/v1, bearer-token protected, JSON in and out (errors too). */
export function adminApi(services: AdminServices): Middleware {
  const router = new Router({ prefix: adminPrefix });
  // every id in a path obeys its rule, or the request is refused before any route runs
  for (const [param, kind] of pathParams) {
    router.param(param, async (value, _ctx, next) => {
      const problem = resourceIdProblem(kind, value);
      if (problem) throw invalidRequest(problem);
      return next();
    });
  }
  const readBody = (ctx: Context) => readJson(ctx, bodyLimit);
  tenantRoutes(router, services, readBody);
  clientRoutes(router, services, readBody);
  guestRoutes(router, services, readBody);
  guestLifecycleRoutes(router, services, readBody);
  registrationRoutes(router, services, readBody);
  adminKeyRoutes(router, services, readBody);
  keyRoutes(router, services, readBody);
  signInRoutes(router, services);
  mailRoutes(router, services);
  federationRoutes(router, services, readBody);
  const handle = compose<Context>([
    adminAuth(services),
    router.routes() as unknown as Middleware,
    router.allowedMethods() as unknown as Middleware,
  ]);

  return async function admin(ctx: Context, next: Next) {
    if (ctx.path !== '/admin' && !ctx.path.startsWith('/admin/')) return next();
    // answers carry secrets (admin keys, client secrets, initial access tokens): never cached
    ctx.set('Cache-Control', 'no-store');
    try {
      await handle(ctx, async () => {});
      if (ctx.status === 404 && ctx.body === undefined)
        throw notFound(`no admin route ${ctx.method} ${ctx.path}`);
    } catch (error) {
      logFailure(services.logger, ctx, renderError(ctx, error, { html: false }).status, error);
    }
  };
}
