import { describe, expect, it } from '@jest/globals';
import {
  accentColor,
  accentStylesheet,
  logoOrigin,
  textOnAccent,
} from '../../../src/http/branding.js';
import { layout } from '../../../src/http/layout.js';
import { translatorFor } from '../../../src/http/messages/translator.js';
import { html } from '../../../src/util/html.js';

// the admin API refuses these; a record written some other way must still not reach a page
describe('branding read back from a record, checked again where it is used', () => {
  it.each([
    ['https://cdn.example.com/a/logo.png', 'https://cdn.example.com'],
    ['https://cdn.example.com:8443/logo.png', 'https://cdn.example.com:8443'],
    ['http://cdn.example.com/logo.png', undefined],
    ['javascript:alert(1)', undefined],
    ['data:image/png;base64,AAAA', undefined],
    ['not a url', undefined],
    [undefined, undefined],
  ])('logo %j → img-src origin %j', (logoUrl, origin) => {
    expect(logoOrigin({ logoUrl })).toBe(origin);
  });

  it.each([
    ['#C50F1F', '#c50f1f'],
    ['#abc', '#abc'],
    ['red', undefined],
    ['#abcd', undefined],
    ['#fff;}body{display:none', undefined],
    [undefined, undefined],
  ])('accent %j → %j', (colour, expected) => {
    expect(accentColor({ accentColor: colour })).toBe(expected);
    expect(accentStylesheet({ accentColor: colour })).toBe(
      expected && `:root{--accent:${expected};--on-accent:${textOnAccent(expected)}}`,
    );
  });

  it.each([
    ['#000000', '#fff'],
    ['#0969da', '#fff'],
    ['#c50f1f', '#fff'],
    ['#ffffff', '#000'],
    ['#ffdd00', '#000'],
    ['#9f9', '#000'],
  ])('text on %s is %s (the better WCAG contrast)', (colour, text) => {
    expect(textOnAccent(colour)).toBe(text);
  });

  it('a page leaves out a logo and an accent that fail the checks', () => {
    const ui = {
      ...translatorFor('es'),
      brand: { logoUrl: 'javascript:alert(1)', accentColor: 'red', supportContact: '<b>x</b>' },
    };
    const page = layout({ title: 'T', organization: 'O', body: html``, ui });
    expect(page).not.toContain('<img');
    expect(page.match(/<style>/g)).toHaveLength(1);
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('¿Necesita ayuda? &lt;b&gt;x&lt;/b&gt;');
  });
});
