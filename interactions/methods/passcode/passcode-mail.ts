import { html } from '../../../src/util/html.js';
import { mailLayout, oneLine } from '../../mail/mail-layout.js';
import type { MailContent } from '../../mail/mail-layout.js';

export interface PasscodeMailInput {
  /** the tenant's display name */
  readonly organization: string;
  readonly code: string;
  /** how long the code is valid; default 30 (OTP_TTL_SECONDS / 60) */
  readonly ttlMinutes?: number;
  /** the address the code was sent to */
  readonly email: string;
}

/** The one-time passcode mail, worded like Entra ID's "Account verification code". */
export function passcodeMail({
  organization,
  code,
  ttlMinutes = 30,
  email,
}: PasscodeMailInput): MailContent {
  const org = oneLine(organization);
  const to = oneLine(email);
  const expiry = `${ttlMinutes} ${ttlMinutes === 1 ? 'minute' : 'minutes'}`;
  const subject = `Your ${org} verification code`;

  const text = [
    'Account verification code',
    '',
    `To sign in to ${org} as a guest, use this code to verify ${to}:`,
    '',
    `    ${code}`,
    '',
    `The code expires in ${expiry}. After that, ask for a new one on the sign-in page.`,
    '',
    `${org} asked for this code when someone signed in with your email address.`,
    "If you didn't request a code, you can ignore this email.",
    '',
  ].join('\n');

  const body = html`<h1 style="font-size:20px;margin:0 0 16px;">Account verification code</h1>
    <p>To sign in to <strong>${org}</strong> as a guest, use this code to verify ${to}:</p>
    <p
      style="font-size:28px;font-weight:700;letter-spacing:6px;font-family:ui-monospace,Menlo,Consolas,monospace;background:#f6f8fa;padding:12px 16px;border-radius:6px;display:inline-block;"
    >
      ${code}
    </p>
    <p>The code expires in ${expiry}. After that, ask for a new one on the sign-in page.</p>
    <p style="color:#57606a;">
      ${org} asked for this code when someone signed in with your email address. If you didn't
      request a code, you can ignore this email.
    </p>`;

  return { subject, text, html: mailLayout(subject, body) };
}
