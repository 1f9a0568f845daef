import { invalidRequest } from './errors.js';

/**
 * Refuses (400) a path that different parsers would read differently: a `.` or `..`
 * segment, written plainly or percent-encoded (`%2e%2e`), and a segment holding an encoded
 * slash, backslash or NUL. Such a path is never resolved here, so it is never routed to
 * somewhere other than what it names (`/admin/v1/tenants/acme/guests/..` is not the tenant).
 */
export function refuseAmbiguousPath(path: string): void {
  for (const segment of path.split('/')) {
    if (segment === '' || !/[.%\\]/.test(segment)) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw invalidRequest(
        `the path segment ${JSON.stringify(segment)} is not valid percent-encoding`,
      );
    }
    if (decoded === '.' || decoded === '..')
      throw invalidRequest('the path must not contain . or .. segments');
    if (/[/\\\0]/.test(decoded))
      throw invalidRequest(
        `the path segment ${JSON.stringify(segment)} must not hold a slash, backslash or NUL`,
      );
  }
}
