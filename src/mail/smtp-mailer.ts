import nodemailer from 'nodemailer';
import type { NodemailerError, Transporter } from 'nodemailer';
import { assertHeadersSafe } from './header-safety.js';
import { MailDeliveryError } from './mailer.js';
import type { Mailer, MailMessage } from './mailer.js';

export interface SmtpOptions {
  /** smtp://user:pass@host:port (STARTTLS when offered) or smtps://… (implicit TLS) */
  readonly url: string;
  /** `Name <address>` or `address` */
  readonly from: string;
  /** connect, greeting and idle-socket timeout; default 10 s (nodemailer's are minutes) */
  readonly timeoutMs?: number;
}

const transport = 'smtp';

/** SMTP through nodemailer, one connection a mail (low volume; nothing to keep alive). */
export class SmtpMailer implements Mailer {
  readonly transport = transport;
  readonly #transporter: Transporter;
  readonly #from: string;

  constructor(options: SmtpOptions) {
    const timeout = options.timeoutMs ?? 10_000;
    this.#transporter = nodemailer.createTransport({
      url: options.url,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      // one guest a mail; our content is strings, never files or URLs to fetch
      maxRecipients: 1,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    this.#from = options.from;
  }

  async send(message: MailMessage): Promise<void> {
    assertHeadersSafe(message, this.#from, transport);
    try {
      await this.#transporter.sendMail({
        from: this.#from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
    } catch (error) {
      throw convert(error);
    }
  }

  close(): void {
    this.#transporter.close();
  }
}

/**
 * No SMTP reply, but the connection failed: the server may be back in a moment. ETLS (a
 * certificate or TLS setting) and EAUTH without a 4xx reply are configuration: permanent.
 */
const transientCodes = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EPROXY']);

/**
 * The one place nodemailer errors become MailDeliveryErrors. SMTP 4xx are transient and
 * 5xx permanent (RFC 5321), except 503 "bad sequence", which a new connection may clear.
 * The message names the command verb and reply code only: the server's reply text and the
 * full command may quote the recipient's address.
 */
function convert(error: unknown): MailDeliveryError {
  if (error instanceof MailDeliveryError) return error;
  const options = { cause: error };
  const { code, responseCode, command } = (error ?? {}) as NodemailerError;
  if (typeof responseCode === 'number' && responseCode >= 400 && responseCode < 600) {
    const permanent = responseCode >= 500 && responseCode !== 503;
    const verb = /^[A-Za-z]+/.exec(command ?? '')?.[0];
    const text = `SMTP server answered ${responseCode}${verb ? ` to ${verb.toUpperCase()}` : ''}`;
    return new MailDeliveryError(text, permanent, transport, responseCode, options);
  }
  if (code !== undefined && transientCodes.has(code)) {
    const text = `SMTP connection failed (${code})`;
    return new MailDeliveryError(text, false, transport, undefined, options);
  }
  const text = `SMTP send failed (${code ?? 'unknown'})`;
  return new MailDeliveryError(text, true, transport, undefined, options);
}
