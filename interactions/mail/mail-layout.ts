import { accentColor } from '../../src/http/branding.js';
import type { Branding } from '../../src/http/branding.js';
import { isLanguage } from '../../src/http/messages/format.js';
import { translatorFor } from '../../src/http/messages/translator.js';
import type { Translator } from '../../src/http/messages/translator.js';
import { html } from '../../src/util/html.js';
import type { SafeHtml } from '../../src/util/html.js';

/** What every mail template returns. */
export interface MailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** A mail's language and its organization's brand. */
export interface MailLook {
  readonly t: Translator;
  readonly brand?: Branding | undefined;
}

/** The look of a mail in a language (English when none or an unknown one is given). */
export function mailLook(language: string | undefined, brand?: Branding): MailLook {
  return { t: translatorFor(isLanguage(language) ? language : 'en'), brand };
}

/** The accent of the organization for a mail's button (a checked colour), or Guestpass blue. */
export const mailAccent = (look: MailLook) => accentColor(look.brand) ?? '#0969da';

/**
 * A tenant- or guest-supplied string on one line: CR, LF (and other line breaks) become a
 * space, so a display name can never start a new mail header or fake a paragraph.
 */
export function oneLine(value: string): string {
  return value
    .replace(/[\r\n\u0085\u2028\u2029]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** The support line of the organization, as the text part's closing lines ([] without one). */
export function supportLines(look: MailLook): string[] {
  const contact = look.brand?.supportContact;
  return contact ? [look.t.t('layout.support', { contact: oneLine(contact) }), ''] : [];
}

/**
 * The HTML shell of every mail: one centred column, inline styles (mail clients drop
 * <style> blocks and external CSS), no images or scripts; in the mail's language, closed by
 * the organization's support line when it has one.
 */
export function mailLayout(title: string, body: SafeHtml, look: MailLook): string {
  const contact = look.brand?.supportContact;
  return html`<!doctype html>
    <html lang="${look.t.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
      </head>
      <body
        style="margin:0;padding:0;background:#f3f5f8;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1f24;"
      >
        <div
          style="max-width:32rem;margin:0 auto;padding:24px;background:#ffffff;font-size:16px;line-height:1.5;"
        >
          ${body}
          ${
            contact
              ? html`<p style="color:#57606a;font-size:14px;margin-top:24px;">
                ${look.t.t('layout.support', { contact: oneLine(contact) })}
              </p>`
              : ''
          }
          <p style="color:#57606a;font-size:13px;margin-top:32px;">${look.t.t('mail.sentBy')}</p>
        </div>
      </body>
    </html>`.value;
}
