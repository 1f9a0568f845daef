import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { layout } from '../../../src/http/layout.js';
import { stylesheetHash } from '../../../src/http/stylesheet.js';
import { isAllowedRedirectUri } from '../../../src/directory/redirect-uri.js';
import { html, SafeHtml } from '../../../src/util/html.js';

describe('HTML-escape every tenant- or guest-supplied string', () => {
  it('escapes interpolated values and keeps SafeHtml as it is', () => {
    expect(html`<p>${'<img src=x onerror="a">'}</p>`.value).toBe(
      '<p>&lt;img src=x onerror=&quot;a&quot;&gt;</p>',
    );
    expect(html`<p>${new SafeHtml('<b>ok</b>')}</p>`.value).toBe('<p><b>ok</b></p>');
    expect(html`${["'", '&']}`.value).toBe('&#39;&amp;');
  });

  it('the inline stylesheet is exactly what the CSP hash allows', () => {
    const page = layout({ title: 'T', body: html`` });
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    expect(`'sha256-${createHash('sha256').update(style).digest('base64')}'`).toBe(stylesheetHash);
    expect(page.match(/<h1>/g)).toHaveLength(1);
  });
});

describe('no open redirects', () => {
  it.each([
    ['https://app.example.com/cb', true],
    ['http://localhost:3000/cb', true],
    ['http://127.0.0.1:9/cb', true],
    ['http://[::1]:8080/cb', true],
    ['http://app.example.com/cb', false],
    ['javascript:alert(1)', false],
    ['data:text/html,hi', false],
    ['https://app.example.com/cb#x', false],
    ['https://user:pw@app.example.com/cb', false],
    ['//evil.example/cb', false],
  ])('%s allowed: %s', (uri, allowed) => {
    expect(isAllowedRedirectUri(uri)).toBe(allowed);
  });
});
