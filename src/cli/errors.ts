/**
 * What the CLI's exit code tells a script: 1 the API refused the request, 2 the command was
 * used wrongly (commander's own errors and ours), 3 the server could not be reached.
 */
export const exitCodes = { api: 1, usage: 2, unreachable: 3 } as const;

/** An error the CLI reports as one `guestpass: …` line on stderr, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** an optional second line that says what to do about it */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The API answered with an error: `{"error", "error_description"}` (or something else). */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    hint?: string,
  ) {
    super(`${code}: ${description}`, exitCodes.api, hint);
    this.name = 'ApiError';
  }
}

export const usageError = (message: string, hint?: string) =>
  new CliError(message, exitCodes.usage, hint);

export const unreachable = (url: string, reason: string) =>
  new CliError(
    `cannot reach the Guestpass server at ${url} (${reason})`,
    exitCodes.unreachable,
    'is it running? Set GUESTPASS_URL or pass --url to point at it.',
  );
