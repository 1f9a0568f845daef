import { describe, expect, it } from '@jest/globals';
import { en } from '../../../src/http/messages/en.js';
import { de } from '../../../src/http/messages/de.js';
import { es } from '../../../src/http/messages/es.js';
import { fr } from '../../../src/http/messages/fr.js';
import { languages } from '../../../src/http/messages/format.js';
import type { Language } from '../../../src/http/messages/format.js';
import {
  chooseLanguage,
  fromAcceptLanguage,
  fromUiLocales,
} from '../../../src/http/messages/negotiate.js';
import { translatorFor } from '../../../src/http/messages/translator.js';
import { html } from '../../../src/util/html.js';

/** French puts a no-break space between a number and its unit (as it should): compared as a space */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('durations and plurals per language', () => {
  // the code's lifetime: OTP_TTL_SECONDS=60 used to read "valid for 1 minutes"
  it.each<[Language, number, string]>([
    ['en', 1, '1 minute'],
    ['en', 2, '2 minutes'],
    ['de', 1, '1 Minute'],
    ['de', 2, '2 Minuten'],
    ['fr', 1, '1 minute'],
    ['fr', 2, '2 minutes'],
    ['es', 1, '1 minuto'],
    ['es', 2, '2 minutos'],
  ])('%s: %i minute(s) reads "%s"', (lang, n, expected) => {
    expect(plain(translatorFor(lang).format.minutes(n))).toBe(expected);
  });

  it.each<[Language, string]>([
    ['en', 'It is valid for 1 minute.'],
    ['de', 'Er ist 1 Minute lang gültig.'],
    ['fr', 'Il est valable 1 minute.'],
    ['es', 'Es válido durante 1 minuto.'],
  ])('%s: a 60 s code on the code page reads one minute, singular', (lang, expected) => {
    const sentence = translatorFor(lang).t('enterCode.sent', { email: 'a@b.c', ttlMinutes: 1 });
    expect(plain(sentence)).toContain(expected);
  });

  it.each<[Language, number, string]>([
    ['en', 1, '1 second'],
    ['en', 45, '45 seconds'],
    ['en', 119, '119 seconds'],
    ['en', 120, '2 minutes'],
    ['en', 121, '3 minutes'],
    ['de', 45, '45 Sekunden'],
    ['fr', 1, '1 seconde'],
    ['es', 600, '10 minutos'],
  ])('%s: waiting %i s reads "%s"', (lang, seconds, expected) => {
    expect(plain(translatorFor(lang).format.wait(seconds))).toBe(expected);
  });

  it.each<[Language, number, string]>([
    ['en', 1, 'You have 1 try left.'],
    ['en', 2, 'You have 2 tries left.'],
    ['en', 0, 'You have 0 tries left.'],
    ['de', 1, 'Sie haben noch 1 Versuch.'],
    ['de', 3, 'Sie haben noch 3 Versuche.'],
    // French counts 0 and 1 as singular (Intl.PluralRules: "one")
    ['fr', 0, 'Il vous reste 0 essai.'],
    ['fr', 1, 'Il vous reste 1 essai.'],
    ['fr', 2, 'Il vous reste 2 essais.'],
    ['es', 1, 'Le queda 1 intento.'],
    ['es', 4, 'Le quedan 4 intentos.'],
  ])('%s: %i tries left reads "%s" (Intl.PluralRules)', (lang, triesLeft, expected) => {
    expect(plain(translatorFor(lang).t('form.codeWrong', { triesLeft }))).toContain(expected);
  });
});

describe('choosing the language', () => {
  it.each<[string | undefined, Language | undefined]>([
    ['de', 'de'],
    ['de-CH fr', 'de'],
    ['ja fr-CA en', 'fr'],
    ['ja zh', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('ui_locales %j → %s', (value, expected) => {
    expect(fromUiLocales(value)).toBe(expected);
  });

  it.each<[string | undefined, Language | undefined]>([
    ['fr-FR,fr;q=0.9,en;q=0.8', 'fr'],
    ['en;q=0.5, es;q=0.9', 'es'],
    ['de;q=0, fr;q=0.1', 'fr'],
    ['ja, es-MX;q=0.7', 'es'],
    ['*', undefined],
    ['ja;q=1, *;q=0.5', undefined],
    ['de;q=abc, es', 'es'],
    ['de;q=2, fr;q=0.4', 'fr'],
    ['DE-at', 'de'],
    [undefined, undefined],
  ])('Accept-Language %j → %s (q-values honoured)', (header, expected) => {
    expect(fromAcceptLanguage(header)).toBe(expected);
  });

  it.each<[Parameters<typeof chooseLanguage>[0], Language]>([
    [{ uiLocales: 'es', acceptLanguage: 'de', tenantDefault: 'fr' }, 'es'],
    [{ uiLocales: 'ja', acceptLanguage: 'de', tenantDefault: 'fr' }, 'de'],
    [{ acceptLanguage: 'ja', tenantDefault: 'fr' }, 'fr'],
    [{ acceptLanguage: 'ja', tenantDefault: 'xx' }, 'en'],
    [{}, 'en'],
  ])('ui_locales beats Accept-Language beats the tenant default: %j → %s', (input, expected) => {
    expect(chooseLanguage(input)).toBe(expected);
  });
});

describe('catalogs', () => {
  it.each([
    ['de', de],
    ['fr', fr],
    ['es', es],
  ])('%s has every key of the English catalog and no other', (_lang, catalog) => {
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(languages.filter((l) => l !== 'en'))(
    '%s translates the page sentences (none is left in English)',
    (lang) => {
      const t = translatorFor(lang);
      const english = translatorFor('en');
      for (const key of [
        'identify.title',
        'accept.title',
        'declined.title',
        'form.restart',
      ] as const)
        expect(t.t(key)).not.toBe(english.t(key));
    },
  );
});

describe('translator.html', () => {
  it('escapes the sentence and string parameters, keeps SafeHtml parameters', () => {
    const t = translatorFor('en');
    const out = t.html('accept.invited', {
      organization: '<script>alert(1)</script>',
      email: html`<strong>${'a"b@c.d'}</strong>`,
    }).value;
    expect(out).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; invited <strong>a&quot;b@c.d</strong> as a guest.',
    );
  });

  it('escapes what a parameter would need even when it looks like a placeholder', () => {
    const out = translatorFor('fr').html('accept.invited', {
      organization: '\uE0000\uE001',
      email: '<b>',
    }).value;
    expect(out).not.toContain('<b>');
    expect(out).toContain('&lt;b&gt;');
  });
});
