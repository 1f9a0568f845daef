import { describe, expect, it } from '@jest/globals';
import Keygrip from 'keygrip';
import { CookieKeys } from '../../../src/util/cookie-keys.js';

const current = 'a-cookie-secret-of-at-least-32-characters';
const previous = 'the-previous-cookie-secret-32-characters!';

describe('cookie keys: Keygrip’s signatures, one HMAC a check', () => {
  it.each(['_interaction=abc', '_session=x.y', 'a=', '', 'ünïcödé=✓'])(
    'signs %j exactly as Keygrip does (cookies signed before stay valid)',
    (data) => {
      expect(new CookieKeys([current, previous]).sign(data)).toBe(
        new Keygrip([current, previous]).sign(data),
      );
    },
  );

  const keygripOf = (key: string) => new Keygrip([key]);
  it.each([
    ['the current key', keygripOf(current).sign('c=v'), 0],
    ['the previous key (rotation)', keygripOf(previous).sign('c=v'), 1],
    ['another key', keygripOf('some-other-secret-of-32-characters!!').sign('c=v'), -1],
    ['a changed signature', `${keygripOf(current).sign('c=v').slice(0, -1)}A`, -1],
    ['a shorter signature', keygripOf(current).sign('c=v').slice(0, -2), -1],
    ['nothing', '', -1],
  ])('finds which key made a signature: %s', (_case, digest, index) => {
    const keys = new CookieKeys([current, previous]);
    expect(keys.index('c=v', digest)).toBe(index);
    expect(keys.verify('c=v', digest)).toBe(index > -1);
    expect(new Keygrip([current, previous]).index('c=v', digest)).toBe(index);
  });

  it('answers a signature checked before as the first time, for its own data only', () => {
    const keys = new CookieKeys([current, previous]);
    const good = keygripOf(previous).sign('c=v');
    const bad = `${good.slice(0, -1)}A`;
    for (let round = 0; round < 2; round += 1) {
      expect(keys.index('c=v', good)).toBe(1);
      expect(keys.index('c=w', good)).toBe(-1);
      expect(keys.index('c=v', bad)).toBe(-1);
    }
  });

  it('refuses an empty list of keys', () => {
    expect(() => new CookieKeys([])).toThrow('at least one');
  });
});
