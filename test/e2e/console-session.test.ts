import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { browserTimeout, expectPage, useChromium } from '../support/chromium.js';
import {
  accessibilityProblems,
  consoleSignIn,
  consoleTab,
  csrfOf,
} from '../support/admin-console.js';
import { heading, HttpBrowser } from '../support/http-browser.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { ManualClock } from '../../src/util/clock.js';

const clock = new ManualClock(Date.UTC(2026, 5, 1));
let t: TestApp;
let tenantKey: string;

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  for (const id of ['northwind', 'tailspin']) {
    await t.admin('POST', '/tenants', {
      id,
      displayName: id === 'northwind' ? 'Northwind' : 'Tailspin',
    });
  }
  tenantKey = (await t.admin('POST', '/tenants/northwind/admin-keys', { name: 'console test' }))
    .body.key;
});
afterAll(async () => t?.close());

const chromium = useChromium();

describe('console sessions', () => {
  it(
    'a tenant admin key sees its own tenant only: no tenant list, and another tenant is refused with the reason announced',
    async () => {
      const { page } = await consoleTab(chromium, t.url, tenantKey);
      await expectPage(page, 'Northwind');
      await expect(page.getByRole('link', { name: 'Tenants' }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Delete tenant' }).count()).resolves.toBe(0);
      await expect(accessibilityProblems(page)).resolves.toEqual([]);
      await page.goto(`${t.url}/admin/tenants`);
      await expectPage(page, 'Northwind');
      await page.goto(`${t.url}/admin/tenants/tailspin/guests`);
      await expectPage(page, 'Guests');
      await expect(page.getByRole('alert').innerText()).resolves.toContain(
        'this key administers tenant "northwind" only',
      );
      await expect(page.locator('main').innerText()).resolves.not.toContain('Tailspin');
    },
    browserTimeout,
  );

  it(
    'a session ends after 30 minutes without a request, and the sign-in page says so',
    async () => {
      const { page } = await consoleTab(chromium, t.url, t.adminToken);
      await expectPage(page, 'Tenants');
      clock.advance(29 * 60);
      await page.goto(`${t.url}/admin/tenants`);
      await expectPage(page, 'Tenants');
      // each request restarts the idle time
      clock.advance(29 * 60);
      await page.goto(`${t.url}/admin/tenants/northwind`);
      await expectPage(page, 'Northwind');
      clock.advance(30 * 60 + 1);
      await page.goto(`${t.url}/admin/tenants`);
      await expectPage(page, 'Sign in to the console');
      await expect(page.getByRole('status').innerText()).resolves.toContain(
        'Your session ended after 30 minutes without activity',
      );
    },
    browserTimeout,
  );

  it('a session ends 12 hours after sign-in however busy it was', async () => {
    const browser = await consoleSignIn(t.url, t.adminToken);
    for (let minutes = 25; minutes <= 12 * 60; minutes += 25) {
      clock.advance(25 * 60);
      expect((await browser.request(`${t.url}/admin/tenants`)).status).toBe(200);
    }
    clock.advance(25 * 60);
    const ended = await browser.request(`${t.url}/admin/tenants`);
    expect(ended.status).toBe(303);
    expect(ended.headers.get('location')).toBe('/admin/sign-in?expired=1');
  });

  it("a POST without the session's CSRF token is refused and changes nothing", async () => {
    const browser = await consoleSignIn(t.url, t.adminToken);
    const tenants = await browser.request(`${t.url}/admin/tenants`);
    expect(heading(tenants)).toBe('Tenants');
    for (const csrf of [undefined, 'forged', csrfOf(tenants.html).slice(1)]) {
      const refused = await browser.request(`${t.url}/admin/tenants`, {
        form: { ...(csrf === undefined ? {} : { csrf }), id: 'forged', displayName: 'Forged' },
      });
      expect(refused.status).toBe(403);
      expect(refused.html).toContain('role="alert"');
    }
    expect((await t.admin('GET', '/tenants/forged')).status).toBe(404);
    // another session's token is not this one's
    const other = await consoleSignIn(t.url, t.adminToken);
    const theirs = csrfOf((await other.request(`${t.url}/admin/tenants`)).html);
    const crossed = await browser.request(`${t.url}/admin/tenants`, {
      form: { csrf: theirs, id: 'forged', displayName: 'Forged' },
    });
    expect(crossed.status).toBe(403);
    // the sign-in form has its own token, tied to its browser
    const stranger = new HttpBrowser();
    const noToken = await stranger.request(`${t.url}/admin/sign-in`, {
      form: { token: t.adminToken },
    });
    expect(noToken.status).toBe(403);
    // with the token, the same POST works
    const created = await browser.request(`${t.url}/admin/tenants`, {
      form: { csrf: csrfOf(tenants.html), id: 'genuine', displayName: 'Genuine' },
    });
    expect(created.status).toBe(303);
    expect((await t.admin('GET', '/tenants/genuine')).status).toBe(200);
  });

  it('the session cookie is HttpOnly, SameSite=Strict and sent to /admin only; signing out ends the session on the server', async () => {
    const browser = new HttpBrowser();
    const form = await browser.request(`${t.url}/admin/sign-in`);
    const response = await fetch(`${t.url}/admin/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: browser
          .cookies()
          .map((c) => `${c.name}=${c.value}`)
          .join('; '),
      },
      body: new URLSearchParams({ csrf: csrfOf(form.html), token: t.adminToken }).toString(),
    });
    const session = response.headers.getSetCookie().find((c) => c.startsWith('gp_console='));
    expect(session).toMatch(/;\s*path=\/admin/i);
    expect(session).toMatch(/;\s*httponly/i);
    expect(session).toMatch(/;\s*samesite=strict/i);
    expect(session).not.toMatch(/;\s*secure/i);
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const signedIn = await fetch(`${t.url}/admin/tenants`, {
      headers: { cookie },
      redirect: 'manual',
    });
    expect(signedIn.status).toBe(200);
    const csrf = csrfOf(await signedIn.text());
    await fetch(`${t.url}/admin/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf }).toString(),
    });
    // the old cookie, replayed, opens nothing
    const replayed = await fetch(`${t.url}/admin/tenants`, {
      headers: { cookie },
      redirect: 'manual',
    });
    expect(replayed.status).toBe(303);
    expect(replayed.headers.get('location')).toContain('/admin/sign-in');
  });

  it('the session cookie is Secure when PUBLIC_URL is https', async () => {
    const secure = await startTestApp({ PUBLIC_URL: 'https://127.0.0.1:{port}' });
    try {
      const form = await fetch(`${secure.url}/admin/sign-in`);
      const set = form.headers.getSetCookie();
      expect(set.length).toBeGreaterThan(0);
      for (const cookie of set) expect(cookie).toMatch(/;\s*secure/i);
      // and signing in over the TLS proxy's plain last hop still sets it
      await consoleSignIn(secure.url, secure.adminToken);
    } finally {
      await secure.close();
    }
  });

  it('after 10 failed sign-ins from one address the form refuses even the right token for 15 minutes', async () => {
    const limited = await startTestApp();
    try {
      const browser = new HttpBrowser();
      const attempt = async (token: string) => {
        const form = await browser.request(`${limited.url}/admin/sign-in`);
        return browser.request(`${limited.url}/admin/sign-in`, {
          form: { csrf: csrfOf(form.html), token },
        });
      };
      for (let i = 0; i < 10; i += 1) {
        const failed = await attempt(`wrong-${i}`);
        expect(failed.status).toBe(401);
        expect(failed.html).toContain('not a valid admin token');
      }
      const refused = await attempt(limited.adminToken);
      expect(refused.status).toBe(429);
      expect(refused.html).toMatch(/role="alert"[^>]*>\s*Too many failed sign-ins/);
    } finally {
      await limited.close();
    }
  });
});
