import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { Lru } from './lru.js';

/**
 * Cookie signing keys as Koa and the `cookies` module use them (a Keygrip: `sign`, `verify`,
 * `index`), making the same signatures as Keygrip's defaults (HMAC-SHA1, base64url without
 * padding) — cookies signed before stay valid — but checking one with a single HMAC and a
 * constant-time comparison (Keygrip compares through two more HMACs: three a cookie, on every
 * signed cookie of every request). The keys are KeyObjects, made once: an HMAC given a
 * string key imports it again on every call, which costs more than the HMAC.
 */
export class CookieKeys {
  readonly #keys: readonly KeyObject[];
  /** signatures found good lately, by signature and data: the key's place */
  readonly #good = new Lru<string, number>(10_000);

  constructor(keys: readonly string[]) {
    if (!keys.length) throw new Error('cookie keys: at least one is needed');
    this.#keys = keys.map((key) => createSecretKey(Buffer.from(key, 'utf8')));
  }

  #sign(data: string, key: KeyObject): string {
    return createHmac('sha1', key).update(data).digest('base64url');
  }

  sign(data: string): string {
    return this.#sign(data, this.#keys[0]!);
  }

  verify(data: string, digest: string): boolean {
    return this.index(data, digest) > -1;
  }

  /**
   * which key made `digest` (its place in the list), or -1. A signature found good is
   * remembered (a browser sends the same cookie on every request of a sign-in); a bad one is
   * not, so junk cannot push good ones out.
   */
  index(data: string, digest: string): number {
    const id = `${digest}\0${data}`;
    const known = this.#good.get(id);
    if (known !== undefined) return known;
    const found = this.#check(data, digest);
    if (found > -1) this.#good.set(id, found);
    return found;
  }

  #check(data: string, digest: string): number {
    const given = Buffer.from(digest);
    for (let i = 0; i < this.#keys.length; i += 1) {
      const expected = Buffer.from(this.#sign(data, this.#keys[i]!));
      if (expected.length === given.length && timingSafeEqual(expected, given)) return i;
    }
    return -1;
  }
}
