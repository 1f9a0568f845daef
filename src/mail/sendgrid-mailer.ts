import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
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
  /** per request; default 10 s */
  readonly timeoutMs?: number;
}

const transport = 'sendgrid';

/** `Name <address>` or `address` as SendGrid's JSON names a sender */
export function senderOf(from: string): { email: string; name?: string } {
  const named = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(from);
  if (!named) return { email: from.trim() };
  const name = (named[1] ?? '').replace(/^"(.*)"$/, '$1');
  const email = (named[2] ?? '').trim();
  return name ? { email, name } : { email };
}

/** what SendGrid answered, when it was not 2xx */
class SendGridAnswer extends Error {
  constructor(
    readonly status: number,
    readonly headers: IncomingHttpHeaders,
  ) {
    super(`SendGrid answered ${status}`);
  }
}

/**
 * SendGrid's v3 mail send API (`POST /v3/mail/send`, a Bearer API key, a JSON body) over
 * Node's own HTTP client with kept-alive connections: one small request a mail, without a
 * general-purpose client's layers (the courier sends every mail through here, so its cost is
 * a sign-in's cost: README "Performance").
 */
export class SendGridMailer implements Mailer {
  readonly transport = transport;
  readonly #url: URL;
  readonly #from: { email: string; name?: string };
  readonly #fromText: string;
  readonly #authorization: string;
  readonly #timeoutMs: number;
  readonly #send: typeof httpRequest;
  readonly #agent: HttpAgent;

  constructor(options: SendGridOptions) {
    this.#url = new URL(`${options.apiUrl.replace(/\/+$/, '')}/v3/mail/send`);
    const https = this.#url.protocol === 'https:';
    this.#send = https ? httpsRequest : httpRequest;
    this.#agent = https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.#fromText = options.from;
    this.#from = senderOf(options.from);
    this.#authorization = `Bearer ${options.apiKey}`;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  async send(message: MailMessage): Promise<void> {
    assertHeadersSafe(message, this.#fromText, transport);
    const body = JSON.stringify({
      personalizations: [{ to: [{ email: message.to }] }],
      from: this.#from,
      subject: message.subject,
      content: [
        { type: 'text/plain', value: message.text },
        { type: 'text/html', value: message.html },
      ],
      categories: [message.kind],
      // a tracked link would be rewritten through SendGrid and a passcode mail is no campaign
      tracking_settings: {
        click_tracking: { enable: false, enable_text: false },
        open_tracking: { enable: false },
      },
    });
    try {
      await this.#post(body);
    } catch (error) {
      throw convert(error);
    }
  }

  #post(body: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const request = this.#send(
        this.#url,
        {
          method: 'POST',
          agent: this.#agent,
          timeout: this.#timeoutMs,
          headers: {
            authorization: this.#authorization,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          // the answer's body says nothing we act on: read to its end, so the connection is reused
          response.resume();
          response.once('end', () => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new SendGridAnswer(status, response.headers));
          });
          response.once('error', reject);
        },
      );
      request.once('timeout', () =>
        request.destroy(Object.assign(new Error('SendGrid timed out'), { code: 'ETIMEDOUT' })),
      );
      request.once('error', reject);
      request.end(body);
    });
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
]);

/**
 * The one place SendGrid's answers and network errors become MailDeliveryErrors: 429 (with
 * its reset time when given), 5xx and network errors are transient; 400, 401, 403, 413 and
 * every other 4xx are permanent. Messages name the status only, never the request.
 */
function convert(error: unknown): MailDeliveryError {
  if (error instanceof MailDeliveryError) return error;
  const options = { cause: error };
  if (error instanceof SendGridAnswer) {
    const { status } = error;
    const hint = status === 429 ? retryAfterMs(error.headers) : undefined;
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
    return new MailDeliveryError(error.message, permanent, transport, status, options);
  }
  const code =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && transientNetworkCodes.has(code)) {
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

/** X-RateLimit-Reset is epoch seconds (SendGrid); Retry-After seconds is the HTTP standard. */
function retryAfterMs(headers: IncomingHttpHeaders): number | undefined {
  const reset = Number(headers['x-ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) return reset * 1000 - Date.now();
  const after = Number(headers['retry-after']);
  if (Number.isFinite(after) && after >= 0) return after * 1000;
  return undefined;
}
