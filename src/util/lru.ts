/**
 * A bounded map that forgets the least recently used entry (Map keeps insertion order: a read
 * moves its entry to the end). While at most half full nothing can be forgotten soon, so a
 * read moves nothing then (moving costs a delete and an insert, on every request's lookups);
 * from half full on, reads keep the order exact.
 */
export class Lru<K, V> {
  readonly #map = new Map<K, V>();
  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined && this.#map.size * 2 > this.max) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.max) this.#map.delete(this.#map.keys().next().value as K);
  }

  delete(key: K): void {
    this.#map.delete(key);
  }

  get size() {
    return this.#map.size;
  }
}
