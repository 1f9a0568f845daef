import { randomBytes } from 'node:crypto';

/**
 * An unguessable id in base64url that never starts with "-" (so it is never taken for an
 * option on a command line, e.g. `npx guestpass guest show t <id>`).
 */
export function randomId(bytes: number): string {
  for (;;) {
    const id = randomBytes(bytes).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
