/**
 * A host app that already runs its own node-oidc-provider and adds Guestpass's guest sign-in
 * to it, written as a user of the package would write it. Run it with `npm run example:plugin`
 * (after `npm run build`); the settings come from the environment (see examples/plugin/README.md).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import Koa from 'koa';
import Provider from 'oidc-provider';
import type { ClientMetadata, JWK } from 'oidc-provider';
import { exportJWK, generateKeyPair } from 'jose';
import { createGuestpassPlugin } from 'guestpass';
import type { GuestpassPlugin } from 'guestpass';

export interface HostSettings {
  port: number;
  /** where this app is reached: the provider's issuer */
  publicUrl: string;
  /** omit for the embedded store */
  redisUrl?: string;
  redisKeyPrefix?: string;
  sendgrid: { apiKey: string; apiUrl?: string };
  secret: string;
  /** the host's own relying parties */
  clients: ClientMetadata[];
  /** serves Guestpass's metrics on GET /metrics to this bearer token (omit: no /metrics) */
  metricsToken?: string;
}

export interface Host {
  readonly url: string;
  readonly guestpass: GuestpassPlugin;
  close(): Promise<void>;
}

/** The host's own signing key (a real deployment loads it from its key store). */
async function signingKeys(): Promise<{ keys: JWK[] }> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { keys: [{ ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: 'host-1' }] };
}

export async function startHost(settings: HostSettings): Promise<Host> {
  const guestpass = await createGuestpassPlugin({
    organization: { id: 'acme', name: 'Acme' },
    redisUrl: settings.redisUrl,
    redisKeyPrefix: settings.redisKeyPrefix,
    mail: {
      transport: 'sendgrid',
      apiKey: settings.sendgrid.apiKey,
      apiUrl: settings.sendgrid.apiUrl,
      from: 'Acme <no-reply@acme.example>',
    },
    secrets: [settings.secret],
    publicUrl: settings.publicUrl,
    metrics: settings.metricsToken !== undefined,
  });

  // the host's own provider: its clients, its keys, its settings; Guestpass adds the journey
  const provider = new Provider(
    settings.publicUrl,
    guestpass.configuration({
      clients: settings.clients,
      jwks: await signingKeys(),
      clientDefaults: { id_token_signed_response_alg: 'ES256' },
      pkce: { required: () => true },
      responseTypes: ['code'],
      cookies: { keys: [settings.secret] },
      ttl: { Session: 86400, Interaction: 3600, Grant: 86400, AccessToken: 3600, IdToken: 3600 },
    }),
  );

  const app = new Koa();
  // the host's /metrics, for its Prometheus: Guestpass's registry (a host with a registry of
  // its own would answer both texts, one after the other)
  const { metrics } = guestpass;
  const token = settings.metricsToken;
  if (metrics && token) {
    const expected = createHash('sha256').update(`Bearer ${token}`).digest();
    app.use(async (ctx, next) => {
      if (ctx.path !== '/metrics' || ctx.method !== 'GET') return next();
      const given = createHash('sha256').update(ctx.get('authorization')).digest();
      if (!timingSafeEqual(given, expected)) {
        ctx.status = 401;
        ctx.set('WWW-Authenticate', 'Bearer');
        return;
      }
      ctx.type = metrics.contentType;
      ctx.body = await metrics.text();
    });
  }
  app.use(guestpass.routes(provider));
  const handle = provider.callback();
  app.use((ctx) => {
    ctx.respond = false;
    return handle(ctx.req, ctx.res);
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(settings.port, '127.0.0.1', () => resolve(s));
  });
  return {
    url: settings.publicUrl,
    guestpass,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await guestpass.close();
    },
  };
}

// `node examples/plugin/host.ts`: serve until stopped
if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 4000);
  const host = await startHost({
    port,
    publicUrl: process.env.PUBLIC_URL ?? `http://localhost:${port}`,
    redisUrl: process.env.REDIS_URL,
    sendgrid: {
      apiKey: process.env.SENDGRID_API_KEY ?? '',
      apiUrl: process.env.SENDGRID_API_URL,
    },
    secret: process.env.COOKIE_SECRET ?? '',
    metricsToken: process.env.METRICS_TOKEN || undefined,
    clients: [
      {
        client_id: 'acme-app',
        client_secret: process.env.CLIENT_SECRET ?? '',
        redirect_uris: [process.env.REDIRECT_URI ?? 'http://localhost:8080/callback'],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
  });
  const invited = await host.guestpass.invitations.create({
    email: process.env.GUEST_EMAIL ?? 'guest@example.com',
    redirectUrl: process.env.REDIRECT_URI ?? 'http://localhost:8080/',
  });
  process.stdout.write(`host at ${host.url}; invitation: ${invited.redeemUrl}\n`);
}
