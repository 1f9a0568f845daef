import type { Context } from 'koa';
import type { Tenant } from '../../src/directory/tenant.js';
import { errorPage } from './error-page.js';

/** Sends an HTML page with a status. */
export function showPage(ctx: Context, status: number, body: string): void {
  ctx.status = status;
  ctx.type = 'html';
  ctx.body = body;
}

/** A page that explains a problem to the guest, in the tenant's name. */
export function showProblem(
  ctx: Context,
  tenant: Tenant,
  status: number,
  title: string,
  message: string,
): void {
  showPage(ctx, status, errorPage({ title, message, organization: tenant.displayName }));
}

/** The sign-in this request belongs to is over (expired, completed, or never started here). */
export function showExpired(
  ctx: Context,
  tenant: Tenant,
  message = 'This sign-in has expired. Go back to the application and sign in again.',
): void {
  showProblem(ctx, tenant, 400, 'Sign-in expired', message);
}
