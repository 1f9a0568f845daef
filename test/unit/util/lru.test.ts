import { describe, expect, it } from '@jest/globals';
import { Lru } from '../../../src/util/lru.js';

/** a run of operations on an Lru of capacity 4, and the keys it still holds */
const runs: [string, number, string[], string[]][] = [
  ['forgets the oldest when full', 4, ['a', 'b', 'c', 'd', 'e'], ['b', 'c', 'd', 'e']],
  [
    'keeps what was read since (more than half full)',
    4,
    ['a', 'b', 'c', 'd', 'get a', 'e'],
    ['a', 'c', 'd', 'e'],
  ],
  ['a capacity of one keeps the last', 1, ['a', 'b', 'get a', 'c'], ['c']],
  ['an entry set again counts as new', 4, ['a', 'b', 'c', 'd', 'a', 'e'], ['a', 'c', 'd', 'e']],
];

describe('Lru', () => {
  it.each(runs)('%s', (_name, capacity, operations, kept) => {
    const lru = new Lru<string, string>(capacity);
    for (const operation of operations) {
      const [verb, key] = operation.split(' ');
      if (verb === 'get') lru.get(key!);
      else lru.set(verb!, verb!);
    }
    expect(['a', 'b', 'c', 'd', 'e'].filter((key) => lru.get(key) !== undefined)).toEqual(kept);
    expect(lru.size).toBe(kept.length);
  });
});
