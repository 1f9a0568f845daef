import { createHash } from 'node:crypto';

/**
 * An organization's brand on its pages and mails (set through the admin API; checked there,
 * src/directory/tenant-branding.ts): a logo (an https URL, the only image origin its pages'
 * CSP allows beside their own), an accent colour (#rgb or #rrggbb) and a support line.
 */
export interface Branding {
  readonly logoUrl?: string | undefined;
  readonly accentColor?: string | undefined;
  readonly supportContact?: string | undefined;
}

/** What a page or mail needs of its organization (a Tenant has these fields). */
export interface Organization {
  readonly displayName: string;
  readonly defaultLanguage?: string | undefined;
  readonly branding?: Branding | undefined;
}

export const accentColorPattern = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** The logo's origin for img-src, or undefined when there is no (usable) https logo. */
export function logoOrigin(branding: Branding | undefined): string | undefined {
  if (!branding?.logoUrl) return undefined;
  try {
    const url = new URL(branding.logoUrl);
    return url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The accent colour, only when it is one of the two accepted forms (it goes into CSS). */
export function accentColor(branding: Branding | undefined): string | undefined {
  const colour = branding?.accentColor;
  return colour && accentColorPattern.test(colour) ? colour.toLowerCase() : undefined;
}

/** Text on the accent: black or white, whichever reads better (WCAG relative luminance). */
export function textOnAccent(colour: string): '#000' | '#fff' {
  const hex =
    colour.length === 4 ? [...colour.slice(1)].map((c) => c + c).join('') : colour.slice(1);
  const channel = (i: number) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  // contrast with white (1.05 / (L + .05)) against contrast with black ((L + .05) / .05)
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#fff' : '#000';
}

/**
 * The page's accent as a second inline stylesheet: CSS custom properties the one stylesheet
 * reads (src/http/stylesheet.ts). Its hash joins style-src, so no inline style attribute and
 * no 'unsafe-inline' is needed.
 */
export function accentStylesheet(branding: Branding | undefined): string | undefined {
  const colour = accentColor(branding);
  return colour ? `:root{--accent:${colour};--on-accent:${textOnAccent(colour)}}` : undefined;
}

export const styleHash = (css: string) =>
  `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
