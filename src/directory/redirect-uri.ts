const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A redirect target we accept: an absolute https URL, or http on a loopback host (local
 * development and native apps), with no fragment and no credentials. Everything else
 * (javascript:, data:, plain http elsewhere) is refused: no open redirects.
 *
 * The text itself must already be a plain URL: no spaces, control characters (CR, LF, tab),
 * backslashes or non-ASCII characters (percent-encode them), and `scheme://` spelled out.
 * URL parsers repair such text in ways that differ between parsers (`https:evil` becomes
 * `https://evil/`, a backslash a slash, CR/LF vanish), so what was checked could differ from
 * what a browser or a mail client follows.
 */
export function redirectUriProblem(value: string): string | undefined {
  if (/[^\x21-\x7e]|\\/.test(value))
    return 'must not contain spaces, control characters (CR, LF, tab), backslashes or non-ASCII characters; percent-encode them';
  if (!/^https?:\/\/[^/]/i.test(value)) return redirectUriRule;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return redirectUriRule;
  }
  if (url.hash || value.includes('#') || url.username || url.password) return redirectUriRule;
  if (url.protocol === 'https:' && url.hostname.length > 0) return undefined;
  if (url.protocol === 'http:' && loopbackHosts.has(url.hostname)) return undefined;
  return redirectUriRule;
}

export function isAllowedRedirectUri(value: string): boolean {
  return redirectUriProblem(value) === undefined;
}

/** An allowed redirect URL in its normal form (WHATWG serialization), or undefined. */
export function normalizeRedirectUrl(value: string): string | undefined {
  return isAllowedRedirectUri(value) ? new URL(value).href : undefined;
}

export const redirectUriRule =
  'must be an absolute https URL (or http on localhost, 127.0.0.1 or [::1]) without a fragment';
