import type { Context } from 'koa';
import type { Tenant } from '../src/directory/tenant.js';
import { messages } from '../src/http/messages.js';
import { renderError } from '../src/http/render-error.js';
import { choosePresentation } from '../src/http/presentation.js';
import type { JourneyServices } from './step.js';

/**
 * Every authorization request (GET or POST `{mount}/auth`) may store an interaction (about
 * 4 KB, kept an hour) before anyone has signed in, so they are counted per client address
 * (an IPv6 address with its /64) across all organizations: RATE_LIMIT_AUTHORIZATIONS_PER_IP
 * per RATE_LIMIT_AUTHORIZATION_WINDOW_SECONDS. With the window as long as an interaction
 * lives, one address never holds more than twice the limit of interactions (a window's worth
 * at the end of one window and the next's at the start of the next). Over the limit, the
 * request is answered with a 429 page (JSON for programs) and nothing is stored.
 * Returns true when the request was refused.
 */
export async function authorizationLimited(
  services: Pick<JourneyServices, 'config' | 'rateLimiter' | 'logger'>,
  ctx: Context,
  tenant: Tenant | undefined,
): Promise<boolean> {
  const { authorizationsPerIp, authorizationWindowSeconds } = services.config.rateLimits;
  const wait = await services.rateLimiter.hit(
    'authorize',
    ctx.ip,
    authorizationsPerIp,
    authorizationWindowSeconds,
  );
  if (wait === undefined) return false;
  services.logger.warn('authorization.rate_limited', { tenant: tenant?.id, retryAfter: wait });
  ctx.set('Retry-After', String(wait));
  choosePresentation(ctx, tenant, ctx.query.ui_locales);
  renderError(ctx, messages.tooManySignIns(wait), { organization: tenant?.displayName });
  return true;
}
