const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A redirect target we accept: an absolute https URL, or http on a loopback host (local
 * development and native apps), with no fragment and no credentials. Everything else
 * (javascript:, data:, plain http elsewhere) is refused: no open redirects.
 */
export function isAllowedRedirectUri(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.hash || value.includes('#') || url.username || url.password) return false;
  if (url.protocol === 'https:') return url.hostname.length > 0;
  return url.protocol === 'http:' && loopbackHosts.has(url.hostname);
}

export const redirectUriRule =
  'must be an absolute https URL (or http on localhost, 127.0.0.1 or [::1]) without a fragment';
