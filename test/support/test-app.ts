import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../config/load-config.js';
import { createApp } from '../../src/server/create-app.js';
import type { AppOptions, GuestpassApp } from '../../src/server/create-app.js';
import { callAdmin } from './admin-api.js';
import type { AdminResponse } from './admin-api.js';
import { listenOn, onFreePort } from './free-port.js';
import { trackMail } from './mail-settled.js';
import { testRedisUrl } from './shared-state.js';

export interface TestApp {
  readonly app: GuestpassApp;
  readonly url: string;
  readonly adminToken: string;
  /** calls the admin API; `body` is sent as JSON */
  admin(method: string, path: string, body?: unknown): Promise<AdminResponse>;
  close(): Promise<void>;
}

/**
 * The real app over real HTTP on a free loopback port, on the run's redis-server with a
 * key prefix of its own (test files never see each other's data). `{port}` in a PUBLIC_URL
 * given in `env` is the port chosen (an https PUBLIC_URL: the server as a TLS proxy reaches it).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: AppOptions = {},
): Promise<TestApp> {
  // a port taken meanwhile: another port, and an app configured for it (PUBLIC_URL names it)
  return onFreePort((port) => startOnPort(port, env, options));
}

async function startOnPort(
  port: number,
  env: Record<string, string>,
  options: AppOptions,
): Promise<TestApp> {
  const adminToken = randomBytes(24).toString('base64url');
  const config = await loadConfig({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    REDIS_URL: testRedisUrl(),
    REDIS_KEY_PREFIX: `test-${randomBytes(4).toString('hex')}:`,
    ADMIN_TOKEN: adminToken,
    LOG_LEVEL: 'silent',
    ...env,
    ...(env.PUBLIC_URL ? { PUBLIC_URL: env.PUBLIC_URL.replace('{port}', String(port)) } : {}),
  });
  const app = await createApp(config, options);
  let server: Server;
  try {
    server = await listenOn(app, port);
  } catch (error) {
    await app.close();
    throw error;
  }
  const untrack = trackMail(app.services);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    app,
    url,
    adminToken,
    admin: (method, path, body) => callAdmin(url, adminToken, method, path, body),
    async close() {
      untrack();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await app.close();
    },
  };
}
