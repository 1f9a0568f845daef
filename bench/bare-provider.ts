/**
 * Bare node-oidc-provider for the benchmark: the same key type as Guestpass, its in-memory
 * adapter, and an instant login (the interaction signs a fixed account in and grants what
 * was asked, with no page). Started by bench/run.ts as a child process: `PORT JWKS_JSON`.
 */
import Koa from 'koa';
import Provider from 'oidc-provider';
import type { ClientMetadata, JWK } from 'oidc-provider';

const port = Number(process.env.PORT);
const jwks = JSON.parse(process.env.JWKS_JSON ?? '') as { keys: JWK[] };
const clients = JSON.parse(process.env.CLIENTS_JSON ?? '[]') as ClientMetadata[];
const issuer = `http://127.0.0.1:${port}`;

const quiet = console.warn;
console.warn = () => {}; // the in-memory adapter announces itself
const provider = new Provider(issuer, {
  clients,
  jwks,
  pkce: { required: () => true },
  responseTypes: ['code'],
  features: { devInteractions: { enabled: false }, clientCredentials: { enabled: true } },
  findAccount: async (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['bench-cookie-secret-bench-cookie-secret'] },
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 60,
    ClientCredentials: 600,
    IdToken: 3600,
    Interaction: 3600,
    Session: 86400,
    Grant: 86400,
  },
});
console.warn = quiet;

const app = new Koa();
app.use(async (ctx, next) => {
  const match = /^\/interaction\/([\w-]+)$/.exec(ctx.path);
  if (!match) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.prompt.name === 'login') {
    await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: 'bench-guest' } });
  } else {
    const grant = new provider.Grant({
      accountId: 'bench-guest',
      clientId: String(details.params.client_id),
    });
    grant.addOIDCScope(String(details.params.scope));
    await provider.interactionFinished(ctx.req, ctx.res, {
      consent: { grantId: await grant.save() },
    });
  }
  ctx.respond = false;
});
const handle = provider.callback();
app.use((ctx) => {
  ctx.respond = false;
  return handle(ctx.req, ctx.res);
});
app.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0)); // lets --cpu-prof write its profile
