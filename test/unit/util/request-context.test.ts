import { describe, expect, it } from '@jest/globals';
import {
  currentRequestId,
  RequestSlot,
  runInRequest,
  runOutsideRequests,
} from '../../../src/util/request-context.js';

describe('request context', () => {
  it('work a request schedules carries its id; work scheduled outside requests (the courier) carries none', async () => {
    const seen = await runInRequest({ requestId: 'r-1' }, async () => {
      const inside = await new Promise<string | undefined>((resolve) =>
        setTimeout(() => resolve(currentRequestId()), 0),
      );
      const outside = await runOutsideRequests(
        () =>
          new Promise<string | undefined>((resolve) =>
            setTimeout(() => resolve(currentRequestId()), 0),
          ),
      );
      return { inside, outside, after: currentRequestId() };
    });
    expect(seen).toEqual({ inside: 'r-1', outside: undefined, after: 'r-1' });
  });

  it('a slot holds its value for the work it runs, in the request context or in one of its own', async () => {
    const slot = new RequestSlot<string>();
    const later: Promise<string | undefined>[] = [];
    const seen = async () => {
      const direct = slot.get();
      const awaited = await new Promise<string | undefined>((resolve) =>
        setTimeout(() => resolve(slot.get()), 0),
      );
      // scheduled now, read after the work has ended
      later.push(new Promise((resolve) => setTimeout(() => resolve(slot.get()), 20)));
      return { direct, awaited, id: currentRequestId() };
    };
    const inRequest = await runInRequest({ requestId: 'r-2' }, async () => ({
      during: await slot.run('held', seen),
      after: slot.get(),
    }));
    const alone = await slot.run('own', seen);
    expect(inRequest).toEqual({
      during: { direct: 'held', awaited: 'held', id: 'r-2' },
      after: undefined,
    });
    expect(alone).toEqual({ direct: 'own', awaited: 'own', id: undefined });
    expect(slot.get()).toBeUndefined();
    expect(await Promise.all(later)).toEqual([undefined, 'own']);
  });

  it('a slot is emptied when its work fails, and refuses a second value while taken', async () => {
    const slot = new RequestSlot<number>();
    await runInRequest({ requestId: 'r-3' }, async () => {
      await expect(
        slot.run(1, async () => {
          throw new Error('work failed');
        }),
      ).rejects.toThrow('work failed');
      expect(slot.get()).toBeUndefined();
      await slot.run(2, async () => {
        await expect(slot.run(3, async () => 'nested')).rejects.toThrow('the slot is taken');
        expect(slot.get()).toBe(2);
      });
    });
  });
});
