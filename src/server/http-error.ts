/**
 * An error with an OAuth-style code, an HTTP status and whether its description may be
 * shown (expose). One handler renders them as JSON or HTML (error-handler.ts).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    readonly expose = true,
  ) {
    super(description);
    this.name = 'HttpError';
  }
}

export const invalidRequest = (description: string) =>
  new HttpError(400, 'invalid_request', description);
export const notFound = (description: string) => new HttpError(404, 'not_found', description);
export const conflict = (description: string) => new HttpError(409, 'conflict', description);
export const forbidden = (description: string) => new HttpError(403, 'forbidden', description);
export const unauthorized = (description: string) =>
  new HttpError(401, 'invalid_token', description);
export const payloadTooLarge = (limit: number) =>
  new HttpError(413, 'payload_too_large', `the request body is larger than ${limit} bytes`);
export const serviceUnavailable = () =>
  new HttpError(
    503,
    'temporarily_unavailable',
    'the service is unavailable right now; please try again in a moment',
  );
