import type { Command } from 'commander';
import { ApiClient } from './api-client.js';
import { usageError } from './errors.js';

/** The options every command accepts (declared once on the program; see program.ts). */
export interface GlobalOptions {
  url: string;
  token?: string;
  json?: boolean;
}

/** What a command's action needs: an API client and a way to print its answer. */
export interface CliContext {
  readonly api: ApiClient;
  readonly serverUrl: string;
  readonly json: boolean;
  /** Prints an API answer: the JSON itself with --json (nothing for a 204), else `human()`. */
  show(body: unknown, human: () => string): void;
}

export const print = (text: string) => process.stdout.write(`${text}\n`);

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

function checkedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageError(`--url (GUESTPASS_URL): "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw usageError(`--url (GUESTPASS_URL): "${url}" is not an http(s) URL`);
  return url.replace(/\/+$/, '');
}

/** The context of a command that calls the server; refuses early without a token. */
export function contextOf(command: Command): CliContext {
  const options = globalOptions(command);
  const serverUrl = checkedUrl(options.url);
  if (!options.token) {
    throw usageError(
      'no admin token',
      'set GUESTPASS_TOKEN (or pass --token) to the operator ADMIN_TOKEN or a tenant admin key',
    );
  }
  const json = options.json === true;
  return {
    api: new ApiClient(serverUrl, options.token),
    serverUrl,
    json,
    show(body, human) {
      if (!json) print(human());
      else if (body !== undefined) print(JSON.stringify(body, null, 2));
    },
  };
}
