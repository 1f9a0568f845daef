import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import { assertHeadersSafe } from './header-safety.js';
import { MailRateLimitedError } from './mail-rate-limited-error.js';
import { MailDeliveryError } from './mailer.js';
import type { Mailer, MailMessage } from './mailer.js';

export interface SendGridOptions {
  readonly apiKey: string;
  /** API base without trailing slash: https://api.sendgrid.com, the EU host, or a stand-in */
  readonly apiUrl: string;
  /** `Name <address>` or `address` */
  readonly from: string;
  /** per request; default 10 s (the library's default is none) */
  readonly timeoutMs?: number;
}

const transport = 'sendgrid';

/**
 * SendGrid's v3 mail send API through @sendgrid/mail. A dedicated MailService and Client
 * (never the library's global singleton), so the key and base URL are ours alone.
 */
export class SendGridMailer implements Mailer {
  readonly transport = transport;
  readonly #service: MailService;
  readonly #from: string;

  constructor(options: SendGridOptions) {
    const client = new Client();
    client.setApiKey(options.apiKey);
    // after setApiKey, which resets the base URL to the global region
    client.setDefaultRequest('baseUrl', `${options.apiUrl.replace(/\/+$/, '')}/`);
    this.#service = new MailService();
    this.#service.setClient(client);
    this.#service.setTimeout(options.timeoutMs ?? 10_000);
    this.#from = options.from;
  }

  async send(message: MailMessage): Promise<void> {
    assertHeadersSafe(message, this.#from, transport);
    try {
      await this.#service.send({
        from: this.#from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        categories: [message.kind],
        // a tracked link would be rewritten through SendGrid and a passcode mail is no campaign
        trackingSettings: {
          clickTracking: { enable: false, enableText: false },
          openTracking: { enable: false },
        },
      });
    } catch (error) {
      throw convert(error);
    }
  }
}

/** Network errors that may pass: the request never got an HTTP answer. */
const transientNetworkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_NETWORK',
]);

/**
 * The one place SendGrid and axios errors become MailDeliveryErrors: 429 (with its reset
 * time when given), 5xx and network errors are transient; 400, 401, 403, 413 and every other
 * 4xx are permanent. Messages name the status only, never the request.
 */
function convert(error: unknown): MailDeliveryError {
  if (error instanceof MailDeliveryError) return error;
  const options = { cause: error };
  const status = httpStatus(error);
  if (status !== undefined) {
    const hint = status === 429 ? retryAfterMs(error) : undefined;
    if (hint !== undefined) {
      return new MailRateLimitedError(
        'SendGrid rate limit (429)',
        transport,
        status,
        hint,
        options,
      );
    }
    const permanent = status !== 429 && status < 500;
    const text = `SendGrid answered ${status}`;
    return new MailDeliveryError(text, permanent, transport, status, options);
  }
  const code = errorCode(error);
  if (code !== undefined && transientNetworkCodes.has(code)) {
    return new MailDeliveryError(
      `SendGrid unreachable (${code})`,
      false,
      transport,
      undefined,
      options,
    );
  }
  return new MailDeliveryError('SendGrid request failed', true, transport, undefined, options);
}

/** @sendgrid/client's ResponseError carries the HTTP status as a numeric `code`. */
function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('response' in error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

function errorCode(error: unknown): string | undefined {
  const code =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** X-RateLimit-Reset is epoch seconds (SendGrid); Retry-After seconds is the HTTP standard. */
function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: unknown } }).response?.headers;
  const reset = Number(header(headers, 'x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return reset * 1000 - Date.now();
  const after = Number(header(headers, 'retry-after'));
  if (Number.isFinite(after) && after >= 0) return after * 1000;
  return undefined;
}

function header(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return String(value);
  }
  return undefined;
}
