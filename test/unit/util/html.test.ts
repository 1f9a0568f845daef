import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { layout } from '../../../src/http/layout.js';
import { stylesheetHash } from '../../../src/http/stylesheet.js';
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
