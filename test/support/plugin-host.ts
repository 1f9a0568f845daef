import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import type { ClientMetadata } from 'oidc-provider';
import { createGuestpassPlugin } from '../../src/index.js';
import type { GuestpassPlugin, GuestpassPluginOptions } from '../../src/index.js';
import { listenOn, onFreePort } from './free-port.js';
import { trackMail } from './mail-settled.js';
import { redirectUri } from './guest-journey.js';
import { testRedisUrl } from './shared-state.js';

export interface PluginHost {
  readonly url: string;
  readonly guestpass: GuestpassPlugin;
  readonly client: { clientId: string; clientSecret: string };
  close(): Promise<void>;
}

/**
 * A bare host (its own provider at the root of its own Koa app) with the plugin, on the
 * run's redis-server under a key prefix of its own; `options` adds to or overrides the
 * defaults (mail must be given).
 */
export async function startPluginHost(
  options: Partial<GuestpassPluginOptions> & Pick<GuestpassPluginOptions, 'mail'>,
): Promise<PluginHost> {
  return onFreePort((port) => startOnPort(port, options));
}

async function startOnPort(
  port: number,
  options: Partial<GuestpassPluginOptions> & Pick<GuestpassPluginOptions, 'mail'>,
): Promise<PluginHost> {
  const url = `http://127.0.0.1:${port}`;
  const secret = randomBytes(32).toString('base64url');
  const client = { clientId: 'host-app', clientSecret: randomBytes(24).toString('base64url') };
  const guestpass = await createGuestpassPlugin({
    organization: { id: 'acme', name: 'Acme' },
    redisUrl: testRedisUrl(),
    redisKeyPrefix: `test-${randomBytes(4).toString('hex')}:`,
    secrets: [secret],
    publicUrl: url,
    logLevel: 'silent',
    ...options,
  });
  const untrack = trackMail(guestpass.core);
  const clients: ClientMetadata[] = [
    {
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: [redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    },
  ];
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwks = { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig' }] };
  const provider = new Provider(
    url,
    guestpass.configuration({
      clients,
      jwks,
      cookies: { keys: [secret] },
      ttl: { AccessToken: 3600, IdToken: 3600, AuthorizationCode: 60 },
    }),
  );
  const app = new Koa();
  app.use(guestpass.routes(provider));
  const handle = provider.callback();
  app.use((ctx) => {
    ctx.respond = false;
    return handle(ctx.req, ctx.res);
  });
  let server: Server;
  try {
    server = await listenOn(app, port);
  } catch (error) {
    untrack();
    await guestpass.close();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    guestpass,
    client,
    async close() {
      untrack();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await guestpass.close();
    },
  };
}
