import { describe, expect, it } from '@jest/globals';
import { HeldWrites } from '../../../src/store/held-writes.js';

/** a request's held writes on a store whose `together` only runs the work */
function request() {
  const held = new HeldWrites({ together: (work) => work() });
  return { held };
}

/** a read that answers `value` and counts how often it was started */
function countedRead(value: unknown) {
  const read = Object.assign(async () => ((read.started += 1), value), { started: 0 });
  return read;
}

describe('reads started early in a request', () => {
  it('hands a read to the one read it stands for, then is gone', async () => {
    const { held } = request();
    const read = countedRead('grant');
    held.readEarly('k', read);
    held.readEarly('k', read);
    expect(read.started).toBe(1);
    // sending the held writes leaves it: their keys dropped theirs when they were held
    held.forgetEarly('other');
    await held.flush();
    await expect(held.takeEarly('k')).resolves.toBe('grant');
    expect(held.takeEarly('k')).toBeUndefined();
  });

  it.each([
    [
      'a key the request holds a write of is not read early',
      (held: HeldWrites, read: () => Promise<unknown>) => {
        held.put([['k', 'written']], async () => {});
        held.readEarly('k', read);
      },
    ],
    [
      'a write held after the read drops it',
      (held: HeldWrites, read: () => Promise<unknown>) => {
        held.readEarly('k', read);
        held.put([['k', null]], async () => {});
      },
    ],
    [
      'a write sent at once drops it',
      (held: HeldWrites, read: () => Promise<unknown>) => {
        held.readEarly('k', read);
        held.forgetEarly('k');
      },
    ],
    [
      'a write of unknown keys drops it',
      (held: HeldWrites, read: () => Promise<unknown>) => {
        held.readEarly('k', read);
        held.forgetEarly();
      },
    ],
  ])('%s', async (_case, act) => {
    const { held } = request();
    await act(held, countedRead('stale'));
    expect(held.takeEarly('k')).toBeUndefined();
  });

  it('gives its failure to whoever takes it, and to nobody when nobody does', async () => {
    const { held } = request();
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      held.readEarly('taken', async () => Promise.reject(new Error('down')));
      held.readEarly('left', async () => Promise.reject(new Error('down')));
      await expect(held.takeEarly('taken')).rejects.toThrow('down');
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', note);
    }
  });
});
