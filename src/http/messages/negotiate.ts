import { isLanguage } from './format.js';
import type { Language } from './format.js';

/** The first supported language of a tag ("de-CH" → de), or undefined. */
function supported(tag: string): Language | undefined {
  const primary = tag.trim().split(/[-_]/)[0]?.toLowerCase();
  return isLanguage(primary) ? primary : undefined;
}

/** OpenID's ui_locales: space-separated tags, in the order the relying party prefers. */
export function fromUiLocales(uiLocales: unknown): Language | undefined {
  if (typeof uiLocales !== 'string') return undefined;
  for (const tag of uiLocales.split(/\s+/)) {
    const lang = supported(tag);
    if (lang) return lang;
  }
  return undefined;
}

/**
 * Accept-Language (RFC 9110 §12.5.4): tags with q-values, highest first (ties keep their
 * order), q=0 refused; `*` matches nothing here, so the tenant's default applies after it.
 */
export function fromAcceptLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .slice(0, 50)
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q\s*=(.*)$/i.exec(p)?.[1]).find((v) => v !== undefined);
      // a q-value that is not a number from 0 to 1 counts as 0: that entry is left out
      const weight = q === undefined ? 1 : /^\s*[01](\.\d{0,3})?\s*$/.test(q) ? Number(q) : 0;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.tag && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    const lang = tag === '*' ? undefined : supported(tag);
    if (lang) return lang;
  }
  return undefined;
}

/** ui_locales, then Accept-Language, then the tenant's default language, then English. */
export function chooseLanguage(input: {
  uiLocales?: unknown;
  acceptLanguage?: string | undefined;
  tenantDefault?: string | undefined;
}): Language {
  return (
    fromUiLocales(input.uiLocales) ??
    fromAcceptLanguage(input.acceptLanguage) ??
    (isLanguage(input.tenantDefault) ? input.tenantDefault : 'en')
  );
}
