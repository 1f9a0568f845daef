import { MailDeliveryError } from './mailer.js';

/**
 * Defense in depth against header injection: templates already strip CR/LF, but a value
 * with CR or LF must never reach a transport, where it could start a new header (`Bcc:`).
 * Throws a *permanent* MailDeliveryError, so callers handle one error type and the retrying
 * mailer never retries it. The error message names the header, never its value.
 */
export function assertHeaderSafe(name: string, value: string, transport = 'mail'): void {
  if (/[\r\n]/.test(value)) {
    throw new MailDeliveryError(`the ${name} header contains CR or LF`, true, transport);
  }
}

/**
 * A plain `local@domain` address. Stricter than RFC 5322 on purpose: a comma, a semicolon or
 * angle brackets would let one `to` value name several recipients in SMTP or SendGrid.
 */
const singleAddress = /^[^\s@,;:<>()[\]"\\]+@[^\s@,;:<>()[\]"\\]+$/;

/** Every header a transport builds from a message: `to`, `subject` and the sender. */
export function assertHeadersSafe(
  message: { readonly to: string; readonly subject: string },
  from: string,
  transport: string,
): void {
  assertHeaderSafe('to', message.to, transport);
  assertHeaderSafe('subject', message.subject, transport);
  assertHeaderSafe('from', from, transport);
  if (!singleAddress.test(message.to)) {
    throw new MailDeliveryError('the to header is not one plain address', true, transport);
  }
}
