import { describe, expect, it } from '@jest/globals';
import { bySlot, keySlot, oneSlot } from '../../../src/store/key-slot.js';

/** each key's slot as a Redis 7 cluster node answered `CLUSTER KEYSLOT key` */
const asRedisSaid: [string, number][] = [
  ['123456789', 12739],
  ['foo', 12182],
  ['gp:{t:acme}:oidc:Session:abc', 9557],
  ['{}foo', 9500], // an empty tag: the whole key
  ['foo{}{bar}', 8363], // the first tag is empty: the whole key
  ['foo{{bar}}zap', 4015], // the tag is `{bar`
  ['foo{bar}{zap}', 5061], // the first tag only: `bar`
  ['ü{é}x', 10180], // UTF-8 bytes of the tag
  ['émile@exämple.com', 14252], // UTF-8 bytes of the key
  ['', 0],
  ['{', 4092],
  ['a}b{c', 13587],
];

describe('Redis Cluster hash slots', () => {
  it.each(asRedisSaid)('%j is in slot %i, as Redis computes it', (key, slot) => {
    expect(keySlot(key)).toBe(slot);
  });

  it.each([
    [['gp:{t:acme}:a', 'gp:{t:acme}:b', 'gp:{t:acme}:c'], true], // one hash tag
    [['foo{bar}{zap}', 'bar'], true], // not one tag, but one slot (5061)
    [['only'], true],
    [[], true],
    [['{a}1', '{b}1'], false],
    [['gp:{t:acme}:a', 'gp:{t:acme}:b', 'gp:{t:other}:c'], false],
  ])('keys %j in one slot: %s', (keys, expected) => {
    expect(oneSlot(keys)).toBe(expected);
  });

  it('groups keys by slot, each group in the order given with its keys’ places', () => {
    expect(bySlot(['{a}1', 'foo', '{a}2'])).toEqual([
      { keys: ['{a}1', '{a}2'], at: [0, 2] },
      { keys: ['foo'], at: [1] },
    ]);
  });
});
