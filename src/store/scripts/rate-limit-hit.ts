import type { Script } from '../store.js';
import { TimeAsData, timeLua } from './time-as-data.js';

/**
 * One hit on a fixed window, judged against `now` (see time-as-data.ts): a window that is
 * over starts again; Redis deletes it a window after it started.
 * KEYS: window · ARGV: now (ms), limit, window seconds
 * Reply: 0 when within the limit, else the seconds until the window ends (at least 1)
 */
export const rateLimitHit: Script = {
  name: 'rate-limit-hit',
  numberOfKeys: 1,
  lua: `${timeLua}
local count, wait = hitWindow(1, tonumber(ARGV[3]))
if count <= tonumber(ARGV[2]) then return 0 end
return wait`,
  memory(db, [window], [now, limit, windowSeconds]) {
    const [count, wait] = new TimeAsData(db, now).hitWindow(window!, Number(windowSeconds));
    return count <= Number(limit) ? 0 : wait;
  },
};
