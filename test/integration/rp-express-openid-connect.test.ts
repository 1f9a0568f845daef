import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { freePort } from '../support/free-port.js';
import { invite, passcodeSignIn, startJourneyWorld } from '../support/guest-journey.js';
import type { JourneyWorld } from '../support/guest-journey.js';
import { heading, HttpBrowser } from '../support/http-browser.js';

/**
 * The relying-party check (issue 10): an Express application protected by
 * express-openid-connect (Auth0's middleware) signs a guest in with a passcode and signs
 * them out again through Guestpass's end-session endpoint (idpLogout).
 */
let world: JourneyWorld;
let app: Server;
let appUrl: string;
const email = 'express@example.com';

beforeAll(async () => {
  world = await startJourneyWorld();
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  await world.t.admin('POST', '/tenants', { id: 'fabrikam', displayName: 'Fabrikam' });
  const created = await world.t.admin('POST', '/tenants/fabrikam/clients', {
    client_name: 'Express app',
    redirect_uris: [`${appUrl}/callback`],
    post_logout_redirect_uris: [appUrl],
  });
  expect(created.status).toBe(201);
  await invite(world.t, 'fabrikam', email, { sendEmail: false });

  // loaded once the test's own modules are: it require()s openid-client (an ES module) that
  // the support code imports too, which Jest would otherwise see as a require(esm) cycle
  const { auth, requiresAuth } = await import('express-openid-connect');
  const rp = express();
  rp.use(
    auth({
      issuerBaseURL: `${world.t.url}/fabrikam`,
      baseURL: appUrl,
      clientID: created.body.client_id,
      clientSecret: created.body.client_secret,
      secret: randomBytes(32).toString('base64url'),
      authRequired: false,
      idpLogout: true,
      authorizationParams: { response_type: 'code', response_mode: 'query', scope: 'openid email' },
    }),
  );
  rp.get('/', (req, res) => {
    res.type('html').send(`<h1>${req.oidc.isAuthenticated() ? 'Signed in' : 'Welcome'}</h1>`);
  });
  rp.get('/profile', requiresAuth(), (req, res) => {
    res.json(req.oidc.user);
  });
  app = await new Promise((resolve) => {
    const s = rp.listen(port, '127.0.0.1', () => resolve(s));
  });
  expect((app.address() as AddressInfo).port).toBe(port);
});
afterAll(async () => {
  app?.closeAllConnections();
  await new Promise((resolve) => app?.close(resolve));
  await world?.close();
});

describe('express-openid-connect', () => {
  it('signs a guest in with a passcode (code + PKCE) and out again through the end-session endpoint', async () => {
    const browser = new HttpBrowser();
    const callback = await passcodeSignIn(
      world,
      {
        browser,
        start: () => browser.go(`${appUrl}/login`, {}, (url) => url.startsWith(`${appUrl}/`)),
        isCallback: (url) => url.startsWith(`${appUrl}/callback`),
      },
      email,
    );
    expect(new URL(callback).searchParams.get('code')).toEqual(expect.any(String));
    // the application exchanges the code, checks the ID token, and starts its session
    const home = await browser.go(callback);
    expect(heading(home)).toBe('Signed in');
    const profile = await browser.request(`${appUrl}/profile`);
    expect(profile.status).toBe(200);
    expect(JSON.parse(profile.html)).toMatchObject({
      email,
      email_verified: true,
      sub: expect.any(String),
    });

    // idpLogout: the application sends the guest to Guestpass, which asks and comes back
    const confirm = await browser.go(`${appUrl}/logout`);
    expect(heading(confirm)).toBe('Sign out');
    const form = /<form id="op\.logoutForm" method="post" action="([^"]+)">(.*?)<\/form>/.exec(
      confirm.html,
    );
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form?.[2] ?? '')?.[1] ?? '';
    const back = await browser.go(form?.[1] ?? '', { form: { xsrf, logout: 'yes' } });
    expect(back.url.startsWith(appUrl)).toBe(true);
    expect(heading(back)).toBe('Welcome');
    expect((await browser.request(`${appUrl}/profile`)).status).not.toBe(200);
  });
});
