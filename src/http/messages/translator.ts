import { html, SafeHtml } from '../../util/html.js';
import type { Catalog, MessageKey, ParamsOf } from './catalog.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { formatFor } from './format.js';
import type { Format, Language } from './format.js';
import { fr } from './fr.js';

const catalogs: Record<Language, Catalog> = { en, de, fr, es };

type Args<K extends MessageKey> = ParamsOf<K> extends undefined ? [] : [ParamsOf<K>];

/** Parameters of a sentence shown in a page: a string may also be HTML already made safe. */
type HtmlParams<P> = { readonly [N in keyof P]: P[N] extends string ? string | SafeHtml : P[N] };
type HtmlArgs<K extends MessageKey> =
  ParamsOf<K> extends undefined ? [] : [HtmlParams<ParamsOf<K>>];

/**
 * The sentences of one language, chosen once per request (src/http/presentation.ts) and
 * handed to the views and mails. `t` gives plain text (mails, attributes, form messages);
 * `html` gives a sentence for a page where a parameter may be markup (the guest's address
 * in bold): the sentence and every string parameter are escaped, SafeHtml parameters kept.
 */
export interface Translator {
  readonly lang: Language;
  readonly format: Format;
  t<K extends MessageKey>(key: K, ...params: Args<K>): string;
  html<K extends MessageKey>(key: K, ...params: HtmlArgs<K>): SafeHtml;
}

// a private-use character cannot come from a catalog's sentence: it marks where a parameter goes
const mark = (i: number) => `\uE000${i}\uE001`;

function sentence(catalog: Catalog, key: MessageKey, params: unknown, format: Format): string {
  const entry = catalog[key] as string | ((p: unknown, f: Format) => string);
  return typeof entry === 'string' ? entry : entry(params, format);
}

const translators = new Map<Language, Translator>();

/** The translator of a language (built once, shared: it holds no request state). */
export function translatorFor(lang: Language): Translator {
  const known = translators.get(lang);
  if (known) return known;
  const catalog = catalogs[lang];
  const format = formatFor(lang);
  const translator: Translator = {
    lang,
    format,
    t: (key, ...params) => sentence(catalog, key, params[0], format),
    html(key, ...params) {
      const given = (params[0] ?? {}) as Record<string, unknown>;
      const parts: unknown[] = [];
      const marked: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(given)) {
        if (typeof value === 'string' || value instanceof SafeHtml) {
          marked[name] = mark(parts.length);
          parts.push(value);
        } else marked[name] = value;
      }
      const text = sentence(catalog, key, params.length ? marked : undefined, format);
      const out = html`${text}`.value.replace(
        /\uE000(\d+)\uE001/g,
        (_, i: string) => html`${parts[Number(i)] as string | SafeHtml}`.value,
      );
      return new SafeHtml(out);
    },
  };
  translators.set(lang, translator);
  return translator;
}

/** English: what programs read (JSON errors) and the last fallback of every page. */
export const english = translatorFor('en');
