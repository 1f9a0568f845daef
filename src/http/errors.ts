import type { FormAction } from './form-action.js';
import type { Translator } from './messages/translator.js';

export interface NextAction {
  /** where the button posts, with the form's CSRF token */
  readonly action: FormAction;
  readonly label: string;
}

/** An error's page texts in the guest's language (its `description` stays English for programs). */
export interface LocalizedText {
  readonly title?: string | undefined;
  readonly description: string;
  readonly detail?: string | undefined;
  readonly nextLabel?: string | undefined;
}

/**
 * The one error model of Guestpass. Every failure that reaches a person or a program is a
 * GuestpassError: a stable `code` you can switch on (OAuth-style, also the JSON `error`), an
 * HTTP `status`, whether its `description` may be shown (`expose`), and the page `title`.
 * One renderer (src/http/render-error.ts) turns it into a page, JSON or an OIDC error;
 * foreign errors (Redis, SendGrid, SMTP, upstream IdPs) are converted once, at their boundary.
 */
export class GuestpassError extends Error {
  readonly code: string;
  readonly status: number;
  readonly expose: boolean;
  readonly description: string;
  readonly title: string | undefined;
  /** a further line for the page (for example which identity provider failed) */
  readonly detail: string | undefined;
  /** what the person can do next on the page: a button posting to `action` */
  readonly next: NextAction | undefined;
  /** the page's texts in another language (errors of the catalog, src/http/messages.ts) */
  readonly localize: ((t: Translator) => LocalizedText) | undefined;

  constructor(
    status: number,
    code: string,
    description: string,
    options: {
      expose?: boolean;
      title?: string;
      detail?: string;
      next?: NextAction;
      cause?: unknown;
      localize?: (t: Translator) => LocalizedText;
    } = {},
  ) {
    super(description, { cause: options.cause });
    this.name = 'GuestpassError';
    this.status = status;
    this.code = code;
    this.description = description;
    this.expose = options.expose ?? status < 500;
    this.title = options.title;
    this.detail = options.detail;
    this.next = options.next;
    this.localize = options.localize;
  }
}

export const invalidRequest = (description: string) =>
  new GuestpassError(400, 'invalid_request', description);
export const notFound = (description: string) => new GuestpassError(404, 'not_found', description);
export const conflict = (description: string) => new GuestpassError(409, 'conflict', description);
export const forbidden = (description: string) => new GuestpassError(403, 'forbidden', description);
export const unauthorized = (description: string) =>
  new GuestpassError(401, 'invalid_token', description);
export const methodNotAllowed = (method: string) =>
  new GuestpassError(405, 'invalid_request', `${method} is not allowed here`);
export const payloadTooLarge = (limit: number) =>
  new GuestpassError(413, 'payload_too_large', `the request body is larger than ${limit} bytes`);
export const serviceUnavailable = (cause?: unknown) =>
  new GuestpassError(
    503,
    'temporarily_unavailable',
    'the service is unavailable right now; please try again in a moment',
    { expose: true, cause, localize: (t) => ({ description: t.t('error.unavailable') }) },
  );
export const tenantRequired = () =>
  new GuestpassError(
    400,
    'invalid_request',
    'a tenant-specific URL is required: use /{tenant}/… (for example /{tenant}/.well-known/openid-configuration)',
  );

/**
 * Any thrown value as a GuestpassError: itself; a client error that a library (koa, oidc)
 * marked as safe to show; otherwise a 500 that shows nothing of the cause.
 */
export function toGuestpassError(error: unknown): GuestpassError {
  if (error instanceof GuestpassError) return error;
  const status = (error as { status?: unknown } | null)?.status;
  if (
    typeof status === 'number' &&
    status >= 400 &&
    status < 500 &&
    (error as { expose?: boolean }).expose
  ) {
    return new GuestpassError(
      status,
      status === 413 ? 'payload_too_large' : 'invalid_request',
      (error as Error).message,
    );
  }
  return new GuestpassError(500, 'server_error', 'an unexpected error occurred', {
    expose: false,
    cause: error,
  });
}
