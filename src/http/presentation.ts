import type { Context } from 'koa';
import { accentStylesheet, logoOrigin, styleHash } from './branding.js';
import type { Branding, Organization } from './branding.js';
import { chooseLanguage } from './messages/negotiate.js';
import { translatorFor } from './messages/translator.js';
import type { Translator } from './messages/translator.js';

/**
 * How one request's pages read and look: the guest's language (its Translator) and the
 * organization's brand. Chosen once per request (the journey's middleware, refined with the
 * interaction's ui_locales) and handed to the views; the renderer of errors and showPage
 * read it from the context, so a page, its errors and its CSP always agree.
 */
export interface Presentation extends Translator {
  readonly brand: Branding | undefined;
}

const key = 'guestpassPresentation';

/** ui_locales (when given), then Accept-Language, then the organization's default language. */
export function choosePresentation(
  ctx: Context,
  organization: Organization | undefined,
  uiLocales?: unknown,
): Presentation {
  const lang = chooseLanguage({
    uiLocales,
    acceptLanguage: ctx.get('Accept-Language') || undefined,
    tenantDefault: organization?.defaultLanguage,
  });
  const presentation = { ...translatorFor(lang), brand: organization?.branding };
  ctx.state[key] = presentation;
  return presentation;
}

/** The request's presentation; without one, chosen from its headers and routed tenant. */
export function presentationOf(ctx: Context): Presentation {
  const chosen = ctx.state?.[key] as Presentation | undefined;
  if (chosen) return chosen;
  return choosePresentation(ctx, ctx.state?.tenant as Organization | undefined);
}

/** Adds sources to directives of the response's CSP (when it has one), each once. */
function extendCsp(ctx: Context, additions: Record<string, string | undefined>) {
  const current = ctx.response.get('Content-Security-Policy');
  if (!current) return;
  const directives = current
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);
  for (const [name, source] of Object.entries(additions)) {
    if (!source) continue;
    const at = directives.findIndex((d) => d.split(/\s+/)[0] === name);
    if (at < 0) directives.push(`${name} ${source}`);
    else if (!directives[at]!.split(/\s+/).includes(source))
      directives[at] = `${directives[at]} ${source}`;
  }
  ctx.set('Content-Security-Policy', directives.join('; '));
}

/**
 * The page's CSP allows what its brand needs and nothing more: the logo's origin in
 * img-src, the accent stylesheet's hash in style-src.
 */
export function allowBrand(ctx: Context, brand: Branding | undefined): void {
  const accent = accentStylesheet(brand);
  extendCsp(ctx, {
    'img-src': logoOrigin(brand),
    'style-src': accent ? styleHash(accent) : undefined,
  });
}
