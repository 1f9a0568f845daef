import { describe, expect, it } from '@jest/globals';
import {
  currentRequestId,
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
});
