import { html } from '../../src/util/html.js';
import type { SafeHtml } from '../../src/util/html.js';

/** What every mail template returns. */
export interface MailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

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

/**
 * The HTML shell of every mail: one centred column, inline styles (mail clients drop
 * <style> blocks and external CSS), no images or scripts.
 */
export function mailLayout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
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
          <p style="color:#57606a;font-size:13px;margin-top:32px;">Sent by Guestpass.</p>
        </div>
      </body>
    </html>`.value;
}
