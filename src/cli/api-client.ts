import { ApiError, CliError, exitCodes, unreachable, usageError } from './errors.js';

/** One answer of the admin API: the status and the parsed JSON (undefined for a 204). */
export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

const timeoutMs = 30_000;

/** Why fetch failed, in a few words (undici hides the socket error in `cause`). */
function describeFetchError(error: unknown, waitedMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError')
    return `no answer within ${waitedMs / 1000} s`;
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
  return error instanceof Error ? error.message : String(error);
}

const isErrorBody = (body: unknown): body is { error: string; error_description?: unknown } =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as { error?: unknown }).error === 'string';

function apiError(response: Response, url: string, body: unknown): ApiError {
  if (!isErrorBody(body)) {
    // not Guestpass talking (a proxy, another server): say what answered
    return new ApiError(
      response.status,
      `http_${response.status}`,
      `${response.status} ${response.statusText} from ${url}`,
    );
  }
  const description =
    typeof body.error_description === 'string' ? body.error_description : '(no description)';
  const hint =
    response.status === 401
      ? 'check GUESTPASS_TOKEN (or --token): the operator ADMIN_TOKEN or a tenant admin key'
      : undefined;
  return new ApiError(response.status, body.error, description, hint);
}

/** A thin fetch wrapper for `$GUESTPASS_URL/admin/v1`: bearer token, JSON in and out. */
export class ApiClient {
  readonly #base: string;

  constructor(
    readonly serverUrl: string,
    private readonly token: string,
  ) {
    this.#base = `${serverUrl.replace(/\/+$/, '')}/admin/v1`;
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body: unknown) => this.request('POST', path, body);
  put = (path: string, body: unknown) => this.request('PUT', path, body);
  patch = (path: string, body: unknown) => this.request('PATCH', path, body);
  delete = (path: string) => this.request('DELETE', path);

  /** `waitMs`: how long to wait for the answer (longer for a batch of a thousand invitations) */
  async request(
    method: string,
    path: string,
    body?: unknown,
    waitMs = timeoutMs,
  ): Promise<ApiResponse> {
    const url = this.#base + path;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(waitMs),
      });
      text = await response.text();
    } catch (error) {
      throw unreachable(this.serverUrl, describeFetchError(error, waitMs));
    }
    let parsed: unknown;
    let isJson = text === '';
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
        isJson = true;
      } catch {
        parsed = undefined;
      }
    }
    if (!response.ok) throw apiError(response, url, parsed);
    if (!isJson) {
      throw new CliError(
        `${url} answered ${response.status} with something other than JSON`,
        exitCodes.api,
        'is GUESTPASS_URL (or --url) the Guestpass server?',
      );
    }
    return { status: response.status, body: parsed };
  }
}

/**
 * One path segment, escaped (ids come from the command line). Commands check their ids
 * first (option-parsers.ts, idOf); this is the last guard for any other: `encodeURIComponent`
 * leaves `.` and `..` as they are, and fetch would resolve them (`/guests/..` is the tenant).
 */
export function seg(value: string): string {
  if (value === '' || value === '.' || value === '..')
    throw usageError(`${JSON.stringify(value)} is not an id`);
  return encodeURIComponent(value);
}
