import type { Context, Middleware, Next } from 'koa';
import * as oidc from 'openid-client';
import { notFound } from '../http/errors.js';
import type { AdminServices } from '../admin/admin-services.js';
import {
  decodeTransaction,
  DemoClient,
  encodeTransaction,
  idTokenClaims,
} from './demo-rp-client.js';
import { failedPage, signedInPage, signedOutPage } from './demo-rp-pages.js';

/** verifier, state and nonce between sign-in and callback; only the callback reads it */
const transactionCookie = 'demo_rp_tx';
const transactionOptions = {
  signed: true,
  httpOnly: true,
  sameSite: 'lax',
  path: '/demo-rp',
  // as long as an interaction lives (src/server/create-app.ts)
  maxAge: 3600_000,
} as const;
/** the ID token the page shows; path / because /demo and /demo-rp/signout both read it */
const idTokenCookie = 'demo_rp_id_token';
const idTokenOptions = { signed: true, httpOnly: true, sameSite: 'lax', path: '/' } as const;

/**
 * Dev only: the demo relying party of `npm run dev`. `GET /demo` (exactly; `/demo/…` is the
 * tenant's) explains the demo or shows the ID token's claims; `/demo-rp/signin`, `/callback`
 * and `/signout` are the relying party's own routes. Mount before the tenant routes.
 */
export function demoRoutes(services: AdminServices): Middleware {
  const client = new DemoClient(services.config);
  const transport = services.config.mail.transport;

  return async function demoRelyingParty(ctx: Context, next: Next) {
    const read = ctx.method === 'GET' || ctx.method === 'HEAD';
    if (ctx.path === '/demo' && read) return demoPage(ctx, transport);
    if (ctx.path !== '/demo-rp' && !ctx.path.startsWith('/demo-rp/')) return next();
    if (ctx.path === '/demo-rp/signin' && read) return signIn(ctx, client, services);
    if (ctx.path === '/demo-rp/callback' && read) return callback(ctx, client, services);
    if (ctx.path === '/demo-rp/signout' && ctx.method === 'POST')
      return signOut(ctx, client, services);
    throw notFound(`nothing at ${ctx.path}`);
  };
}

function demoPage(ctx: Context, transport: string) {
  const idToken = ctx.cookies.get(idTokenCookie, { signed: true });
  const claims = idToken ? idTokenClaims(idToken) : undefined;
  ctx.type = 'html';
  ctx.body =
    idToken && claims
      ? signedInPage(claims, idToken)
      : signedOutPage(transport, ctx.query.signed_out === 'local');
}

async function signIn(ctx: Context, client: DemoClient, services: AdminServices) {
  let started;
  try {
    started = await client.start();
  } catch (error) {
    services.logger.warn('demo.discovery_failed', { error: (error as Error).message });
    return fail(
      ctx,
      503,
      `The demo tenant's discovery document (${client.urls.issuer}) could not be read.`,
    );
  }
  ctx.cookies.set(transactionCookie, encodeTransaction(started.transaction), transactionOptions);
  ctx.redirect(started.url.href);
}

async function callback(ctx: Context, client: DemoClient, services: AdminServices) {
  const transaction = decodeTransaction(ctx.cookies.get(transactionCookie, { signed: true }));
  // one use: a reloaded callback must not replay the code
  ctx.cookies.set(transactionCookie, null, transactionOptions);
  if (!transaction)
    return fail(ctx, 400, 'This sign-in was not started here, or it expired. Start again.');
  let idToken: string;
  try {
    idToken = await client.finish(transaction, ctx.search);
  } catch (error) {
    return failed(ctx, services, error);
  }
  ctx.cookies.set(idTokenCookie, idToken, idTokenOptions);
  ctx.redirect('/demo');
}

/**
 * Forgets the token here, then ends the guest's session at the tenant (RP-initiated logout)
 * when it offers that; otherwise (or when discovery fails) the sign-out is local only.
 */
async function signOut(ctx: Context, client: DemoClient, services: AdminServices) {
  const idToken = ctx.cookies.get(idTokenCookie, { signed: true });
  ctx.cookies.set(idTokenCookie, null, idTokenOptions);
  ctx.status = 303;
  if (!idToken) return ctx.redirect('/demo');
  let endSession: URL | undefined;
  try {
    endSession = await client.endSessionUrl(idToken);
  } catch (error) {
    services.logger.warn('demo.discovery_failed', { error: (error as Error).message });
  }
  ctx.redirect(endSession?.href ?? '/demo?signed_out=local');
}

/** what the newcomer sees when the relying party's checks or the tenant said no */
function failed(ctx: Context, services: AdminServices, error: unknown) {
  if (error instanceof oidc.AuthorizationResponseError)
    return fail(
      ctx,
      400,
      `The tenant ended the sign-in: ${error.error_description ?? error.error}`,
      error.error,
    );
  if (error instanceof oidc.ResponseBodyError)
    return fail(ctx, 400, error.error_description ?? 'The code exchange failed.', error.error);
  if (error instanceof oidc.ClientError) {
    // state, nonce or ID token checks: the answer does not belong to this sign-in
    return fail(ctx, 400, `The answer did not match this sign-in: ${error.message}`, error.code);
  }
  services.logger.warn('demo.callback_failed', { error: (error as Error).message });
  return fail(ctx, 502, 'The code exchange with the demo tenant failed. Start again.');
}

function fail(ctx: Context, status: number, message: string, code?: string) {
  ctx.status = status;
  ctx.type = 'html';
  ctx.body = failedPage(message, code);
}
