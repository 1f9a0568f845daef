import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from '@jest/globals';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

/** Debian's Chromium: tests never download a browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** quiet and offline: no sandbox (containers), no GPU, no background traffic */
const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** launching takes a few seconds on a cold machine; each browser test gets this much */
export const browserTimeout = 60_000;

export interface ChromiumSession {
  /** a new tab in this test's context, with its console errors watched */
  newPage(): Promise<WatchedPage>;
  /** this test's context (fresh each test: no cookies carry over) */
  readonly context: BrowserContext;
}

export interface WatchedPage {
  page: Page;
  /** console errors (CSP violations among them) and uncaught page errors, in order */
  problems: string[];
}

/**
 * One headless Chromium for the test file (closed in afterAll) and a fresh context per test.
 * Call at the top level of a test file.
 */
export function useChromium(options: BrowserContextOptions = {}): ChromiumSession {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args });
  }, browserTimeout);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    if (!browser) throw new Error('Chromium did not start');
    context = await browser.newContext(options);
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  return {
    get context() {
      if (!context) throw new Error('no browser context outside a test');
      return context;
    },
    async newPage() {
      const page = await this.context.newPage();
      return { page, problems: watchProblems(page) };
    },
  };
}

/** Collects what a real user's console would show as broken. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    // where it happened, without the query (an id_token_hint is long and says nothing)
    const where = message.location().url.split('?')[0];
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${where})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

/**
 * Waits until the page shows the <h1> `text` (after a click the next page may still be
 * loading), then checks it is the page's only <h1>.
 */
export async function expectPage(page: Page, text: string): Promise<void> {
  try {
    await page
      .getByRole('heading', { level: 1, name: text, exact: true })
      .waitFor({ timeout: 15_000 });
  } catch {
    const shown = await page.locator('h1').allInnerTexts();
    throw new Error(`expected the page "${text}" but ${page.url()} shows ${JSON.stringify(shown)}`);
  }
  expect(await page.locator('h1').count()).toBe(1);
}

/** outside the repository: screenshots are for looking at, never for committing */
export const screenshotDir = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'guestpass-screenshots');

/** saves a full-page screenshot and returns its path */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * The DOM as far as the checks below read it: tsconfig has no DOM lib, so playwright's element
 * types resolve to nothing; naming what is read keeps these functions typed.
 */
interface LaidOutElement {
  scrollWidth: number;
  clientWidth: number;
  ownerDocument: {
    defaultView: { getComputedStyle(element: unknown): { fontSize: string } } | null;
  };
}

/** the smallest touch target WCAG 2.2 accepts (2.5.8, level AA), in CSS pixels */
const minTouchTarget = 24;
/** iOS zooms into a text field whose text is smaller than this */
const minInputFontSize = 16;

/**
 * What makes a page hard to use on a phone: content wider than the screen, buttons shorter
 * than a finger, text fields that make iOS zoom in. Empty when the page is fine.
 */
export async function phoneProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  const root = page.locator('html');
  const { scrollWidth, clientWidth } = await root.evaluate((el: LaidOutElement) => ({
    scrollWidth: el.scrollWidth,
    clientWidth: el.clientWidth,
  }));
  if (scrollWidth > clientWidth)
    problems.push(`the page is ${scrollWidth}px wide on a ${clientWidth}px screen`);
  for (const button of await page.locator('button:visible').all()) {
    const height = (await button.boundingBox())?.height ?? 0;
    if (height < minTouchTarget)
      problems.push(`button "${(await button.innerText()).trim()}" is ${height}px high`);
  }
  for (const input of await page.locator('input:visible').all()) {
    const size = await input.evaluate((el: LaidOutElement) =>
      Number.parseFloat(el.ownerDocument.defaultView?.getComputedStyle(el).fontSize ?? '0'),
    );
    if (size < minInputFontSize)
      problems.push(`input "${await input.getAttribute('name')}" has ${size}px text`);
  }
  return problems;
}
