import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import { HttpBrowser } from './http-browser.js';
import { expectPage } from './chromium.js';
import type { ChromiumSession, WatchedPage } from './chromium.js';

/** The DOM as far as these checks read it (tsconfig has no DOM lib). */
interface LabelledElement {
  labels: { length: number } | null;
  getAttribute(name: string): string | null;
}

/**
 * What makes a console page hard to use without a mouse or a screen: an input, select or
 * textarea without a label, or not exactly one h1. Empty when the page is fine.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  const h1s = await page.locator('h1').count();
  if (h1s !== 1) problems.push(`${h1s} h1 elements`);
  for (const control of await page.locator('input:not([type=hidden]), select, textarea').all()) {
    const labelled = await control.evaluate(
      (el: LabelledElement) =>
        (el.labels?.length ?? 0) > 0 || el.getAttribute('aria-label') !== null,
    );
    if (!labelled) problems.push(`control "${await control.getAttribute('name')}" has no label`);
  }
  return problems;
}

/** Signs in to the console in Chromium with the keyboard: type, Tab to the button, Enter. */
export async function signInWithKeyboard(page: Page, baseUrl: string, credential: string) {
  await page.goto(`${baseUrl}/admin`);
  await expectPage(page, 'Sign in to the console');
  await page.getByLabel('Admin token or tenant admin key').fill(credential);
  await page.keyboard.press('Tab');
  await expect(
    page.evaluate(() =>
      (
        globalThis as unknown as { document: { activeElement: { textContent: string } } }
      ).document.activeElement.textContent.trim(),
    ),
  ).resolves.toBe('Sign in');
  // the session cookie comes with the answer to the POST
  await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/admin/sign-in',
    ),
    page.keyboard.press('Enter'),
  ]);
  // and its redirects (to /admin, then the first page) have landed: a navigation the caller
  // starts now would otherwise be interrupted by them
  await page.waitForURL((url) => !['/admin', '/admin/sign-in'].includes(url.pathname));
}

/** A new tab of the test's Chromium, signed in to the console with the keyboard. */
export async function consoleTab(
  chromium: ChromiumSession,
  baseUrl: string,
  credential: string,
): Promise<WatchedPage> {
  const tab = await chromium.newPage();
  await signInWithKeyboard(tab.page, baseUrl, credential);
  return tab;
}

/**
 * A new signed-in console tab (`consoleTab`) opened at `path`: it shows the page `title` and has
 * no accessibility problems.
 */
export async function openConsolePage(
  chromium: ChromiumSession,
  baseUrl: string,
  credential: string,
  path: string,
  title: string,
): Promise<WatchedPage> {
  const tab = await consoleTab(chromium, baseUrl, credential);
  await tab.page.goto(`${baseUrl}${path}`);
  await expectPage(tab.page, title);
  await expect(accessibilityProblems(tab.page)).resolves.toEqual([]);
  return tab;
}

/** the value of a form's hidden CSRF field in an HTML page */
export const csrfOf = (html: string) => /name="csrf" value="([^"]*)"/.exec(html)?.[1] ?? '';

/** Signs in to the console over plain HTTP (cookies kept); answers the browser. */
export async function consoleSignIn(baseUrl: string, credential: string): Promise<HttpBrowser> {
  const browser = new HttpBrowser();
  const form = await browser.request(`${baseUrl}/admin/sign-in`);
  const signedIn = await browser.request(`${baseUrl}/admin/sign-in`, {
    form: { csrf: csrfOf(form.html), token: credential },
  });
  expect(signedIn.status).toBe(303);
  return browser;
}
