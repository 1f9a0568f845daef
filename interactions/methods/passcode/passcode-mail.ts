import { html } from '../../../src/util/html.js';
import type { Branding } from '../../../src/http/branding.js';
import { mailLayout, mailLook, oneLine, supportLines } from '../../mail/mail-layout.js';
import type { MailContent } from '../../mail/mail-layout.js';

export interface PasscodeMailInput {
  /** the tenant's display name */
  readonly organization: string;
  readonly code: string;
  /** how long the code is valid; default 30 (OTP_TTL_SECONDS / 60) */
  readonly ttlMinutes?: number;
  /** the address the code was sent to */
  readonly email: string;
  /** the language of the guest's journey (English without) */
  readonly language?: string | undefined;
  /** the tenant's brand: its support line */
  readonly brand?: Branding | undefined;
}

/** The one-time passcode mail, worded like Entra ID's "Account verification code". */
export function passcodeMail({
  organization: org,
  code,
  ttlMinutes = 30,
  email,
  language,
  brand,
}: PasscodeMailInput): MailContent {
  const look = mailLook(language, brand);
  const { t } = look.t;
  const organization = oneLine(org);
  const to = oneLine(email);
  const subject = t('codeMail.subject', { organization });
  const heading = t('codeMail.heading');

  const text = [
    heading,
    '',
    t('codeMail.intro', { organization, email: to }),
    '',
    `    ${code}`,
    '',
    t('codeMail.expires', { ttlMinutes }),
    '',
    t('codeMail.why', { organization }),
    t('codeMail.ignore'),
    '',
    ...supportLines(look),
  ].join('\n');

  const body = html`<h1 style="font-size:20px;margin:0 0 16px;">${heading}</h1>
    <p>
      ${look.t.html('codeMail.intro', { organization: html`<strong>${organization}</strong>`, email: to })}
    </p>
    <p
      style="font-size:28px;font-weight:700;letter-spacing:6px;font-family:ui-monospace,Menlo,Consolas,monospace;background:#f6f8fa;padding:12px 16px;border-radius:6px;display:inline-block;"
    >
      ${code}
    </p>
    <p>${t('codeMail.expires', { ttlMinutes })}</p>
    <p style="color:#57606a;">${t('codeMail.why', { organization })} ${t('codeMail.ignore')}</p>`;

  return { subject, text, html: mailLayout(subject, body, look) };
}
