import { createHmac, timingSafeEqual } from 'node:crypto';
import { derivedKey } from '../src/util/derived-key.js';
import { Lru } from '../src/util/lru.js';

/** tokens of recent interactions: each is shown on every page of its journey and checked on every form */
const recent = new Lru<string, string>(10_000);

function mac(secret: string, scope: string, uid: string): string {
  const id = `${secret}\0${scope}\0${uid}`;
  let token = recent.get(id);
  if (token === undefined) {
    token = createHmac('sha256', derivedKey(secret, 'journey-csrf'))
      .update(`${scope}\0${uid}`)
      .digest('base64url');
    recent.set(id, token);
  }
  return token;
}

/**
 * The CSRF token of one interaction of one organization: an HMAC of the tenant scope and the
 * interaction uid under a key derived from the first server secret. It is only ever written
 * into the pages of that interaction, which only its browser (the holder of the interaction
 * cookie) is shown; knowing the uid is not enough to make it. Nothing is stored, so a
 * token costs no memory however many interactions are started (this process remembers the
 * tokens of its most recent ones, so an HMAC is made once an interaction, not once a page).
 */
export function csrfToken(secrets: readonly string[], scope: string, uid: string): string {
  return mac(secrets[0] ?? '', scope, uid);
}

/** Whether a form carried the token of this interaction (under any current secret: rotation). */
export function csrfValid(
  secrets: readonly string[],
  scope: string,
  uid: string,
  presented: string | undefined,
): boolean {
  if (!presented) return false;
  const given = Buffer.from(presented);
  return secrets.some((secret) => {
    const expected = Buffer.from(mac(secret, scope, uid));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
