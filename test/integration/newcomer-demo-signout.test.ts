import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Keygrip from 'keygrip';
import Koa from 'koa';
import type { AdminServices } from '../../src/admin/admin-services.js';
import { demoRoutes } from '../../src/dev/demo-rp.js';
import { createLogger } from '../../src/util/logger.js';

/**
 * The demo relying party in front of a tenant whose discovery document has no
 * end_session_endpoint (a provider without RP-initiated logout): Sign out is local.
 */
const keys = ['demo-signout-test-key'];
let tenant: Server;
let demo: Server;
let demoUrl: string;

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );

beforeAll(async () => {
  // the "tenant": only a discovery document at /demo
  tenant = createServer((req, res) => {
    const issuer = `http://${req.headers.host}/demo`;
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        // no end_session_endpoint
      }),
    );
  });
  const tenantUrl = await listen(tenant);
  const app = new Koa({ keys });
  // only what demoRoutes reads: the public URL, the mail transport and a logger
  const services = {
    config: { publicUrl: tenantUrl, mail: { transport: 'outbox' } },
    logger: createLogger('silent'),
  } as unknown as AdminServices;
  app.use(demoRoutes(services));
  demo = createServer(app.callback());
  demoUrl = await listen(demo);
});
afterAll(async () => {
  await new Promise((r) => tenant.close(r));
  await new Promise((r) => demo.close(r));
});

/** the demo's signed ID token cookie, as its callback sets it */
function idTokenCookie(): string {
  const value = 'e30.eyJzdWIiOiJndWVzdCJ9.sig';
  const signature = new Keygrip(keys).sign(`demo_rp_id_token=${value}`);
  return `demo_rp_id_token=${value}; demo_rp_id_token.sig=${signature}`;
}

describe('demo Sign out without RP-initiated logout at the tenant', () => {
  it('forgets the token and says the sign-out was local', async () => {
    const response = await fetch(`${demoUrl}/demo-rp/signout`, {
      method: 'POST',
      headers: { cookie: idTokenCookie() },
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/demo?signed_out=local');
    expect(response.headers.getSetCookie().join('\n')).toMatch(/demo_rp_id_token=;/);

    const page = await fetch(`${demoUrl}/demo?signed_out=local`).then((r) => r.text());
    expect(page).toContain('Signed out of the demo app');
    expect(page).toContain('publishes no end-session endpoint');
    expect(page).toContain('action="/demo-rp/signin"');
  });
});
