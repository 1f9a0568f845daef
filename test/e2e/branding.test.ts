import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { relyingParty, SignIn, startJourneyWorld } from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { browserTimeout, expectPage, phoneProblems, useChromium } from '../support/chromium.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

// a phone-sized window: the outbox's text must wrap at spaces there
const chromium = useChromium({ viewport: { width: 360, height: 740 }, locale: 'de-DE' });
let world: JourneyWorld;
let rp: RelyingParty;

// a 1×1 PNG the logo's host answers with
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  world = await startJourneyWorld();
  rp = await relyingParty(world.t, 'northwind', { displayName: 'Northwind' });
  const set = await world.t.admin('PATCH', '/tenants/northwind', {
    branding: {
      logoUrl: 'https://cdn.northwind.example/logo.png',
      accentColor: '#c50f1f',
      supportContact: 'Hilfe: it@northwind.example',
    },
  });
  expect(set.status).toBe(200);
});
afterAll(async () => world?.close());

describe('a branded page in Chromium', () => {
  it(
    'shows the logo and the accent under its CSP, in the browser’s language, with no CSP violation',
    async () => {
      const { page, problems } = await chromium.newPage();
      const logoRequests: string[] = [];
      await page.route('https://cdn.northwind.example/**', async (route) => {
        logoRequests.push(route.request().url());
        await route.fulfill({ contentType: 'image/png', body: png });
      });

      await page.goto(await new SignIn(rp).url());
      await expectPage(page, 'Anmelden');
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('de');

      const logo = page.getByRole('img', { name: 'Logo von Northwind' });
      await logo.waitFor();
      await expect(
        logo.evaluate((img: { complete: boolean; naturalWidth: number }) =>
          img.complete ? img.naturalWidth : 0,
        ),
      ).resolves.toBe(1);
      expect(logoRequests).toEqual(['https://cdn.northwind.example/logo.png']);

      // the accent reaches the button through the hashed stylesheet's custom property
      const button = page.getByRole('button', { name: 'Weiter', exact: true });
      const colours = await button.evaluate(
        (el: {
          ownerDocument: {
            defaultView: {
              getComputedStyle(e: unknown): { backgroundColor: string; color: string };
            } | null;
          };
        }) => {
          const style = el.ownerDocument.defaultView?.getComputedStyle(el);
          return { background: style?.backgroundColor, text: style?.color };
        },
      );
      expect(colours).toEqual({ background: 'rgb(197, 15, 31)', text: 'rgb(255, 255, 255)' });
      await expect(page.locator('.support').innerText()).resolves.toBe(
        'Brauchen Sie Hilfe? Hilfe: it@northwind.example',
      );

      expect(problems).toEqual([]);
    },
    browserTimeout,
  );
});

describe('the dev outbox in Chromium', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ MAIL_TRANSPORT: 'outbox' });
    expect(
      (await app.admin('POST', '/tenants', { id: 'wingtip', displayName: 'Wingtip' })).status,
    ).toBe(201);
    const invited = await app.admin('POST', '/tenants/wingtip/invitations', {
      email: 'reader@example.com',
      redirectUrl: `https://apps.example.com/${'very-long-path-segment-'.repeat(6)}welcome`,
    });
    expect(invited.body.emailSent).toBe(true);
  });
  afterAll(async () => app?.close());

  it(
    'wraps a mail’s text at spaces on a phone: no word is broken mid-word, the long link still fits',
    async () => {
      const { page, problems } = await chromium.newPage();
      await page.goto(`${app.url}/dev/outbox`);
      await expectPage(page, 'Dev outbox');
      // every word up to 30 letters lies on one line (a line may end after a hyphen, as in
      // "one-|time"); links and longer tokens may break anywhere (a link's random token has
      // hyphens of its own: its pieces are not words)
      const broken: string[] = await page.evaluate(`(() => {
        const text = document.querySelector('section pre').firstChild;
        const broken = [];
        const links = [...text.data.matchAll(/https?:\\/\\/\\S+/g)].map((l) => [l.index, l.index + l[0].length]);
        for (const m of text.data.matchAll(/[^\\s-]+/g)) {
          if (m[0].length > 30) continue;
          if (links.some(([from, to]) => m.index >= from && m.index < to)) continue;
          const range = document.createRange();
          range.setStart(text, m.index);
          range.setEnd(text, m.index + m[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(m[0]);
        }
        return broken;
      })()`);
      expect(broken).toEqual([]);
      await expect(phoneProblems(page)).resolves.toEqual([]);
      expect(problems).toEqual([]);
    },
    browserTimeout,
  );
});
