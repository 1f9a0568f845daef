import type { Context, Next } from 'koa';
import type { Config } from '../../config/config.js';
import { demoTenantId } from '../dev/seed-demo.js';
import { layout } from '../http/layout.js';
import { wantsHtml } from '../http/wants-html.js';
import { html } from '../util/html.js';

interface Link {
  rel: string;
  href: string;
  title: string;
}

/** where a newcomer goes next: in development the demo, outbox, console and discovery */
function links(config: Config): Link[] {
  if (config.production)
    return [{ rel: 'health', href: '/healthz', title: 'Health (the process runs)' }];
  return [
    ...(config.seedDemo
      ? [{ rel: 'demo', href: '/demo', title: 'Demo app (sign in as a guest)' }]
      : []),
    ...(config.mail.transport === 'outbox'
      ? [{ rel: 'outbox', href: '/dev/outbox', title: 'Dev outbox (the mails sent)' }]
      : []),
    { rel: 'console', href: '/admin', title: 'Admin console' },
    {
      rel: 'discovery',
      href: `/${demoTenantId}/.well-known/openid-configuration`,
      title: `Discovery of the ${demoTenantId} tenant`,
    },
  ];
}

/**
 * GET / : what this server is and where to go — a small page for browsers, JSON for programs.
 * Tenants are below it (`/{tenant}`), so the root itself is never a tenant's.
 */
export function landingPage(config: Config) {
  const mode = config.production ? 'production' : 'development';
  const all = links(config);
  return async function landing(ctx: Context, next: Next) {
    if (ctx.path !== '/' || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    ctx.set('Cache-Control', 'no-store');
    ctx.vary('Accept');
    if (!wantsHtml(ctx)) {
      ctx.body = {
        service: 'guestpass',
        mode,
        issuer: `${config.publicUrl}/{tenant}`,
        discovery: `${config.publicUrl}/{tenant}/.well-known/openid-configuration`,
        links: all.map((link) => ({ ...link, href: `${config.publicUrl}${link.href}` })),
      };
      return;
    }
    ctx.type = 'html';
    ctx.body = layout({
      title: 'Guestpass',
      body: html`<p>
          An OpenID Connect provider for B2B guest users. Each tenant is an issuer of its own:
          <code>${config.publicUrl}/{tenant}</code>, with its discovery document at
          <code>/{tenant}/.well-known/openid-configuration</code>.
        </p>
        ${
          config.production
            ? ''
            : html`<p class="notice">
                Development mode (NODE_ENV=development): secrets kept in a local folder and a
                seeded demo tenant. Never run a server like this in production.
              </p>`
        }
        <ul>
          ${all.map((link) => html`<li><a href="${link.href}">${link.title}</a></li>`)}
        </ul>`,
    });
  };
}
