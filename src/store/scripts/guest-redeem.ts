import type { Script } from '../store.js';

/**
 * Redemption, atomically: only a guest pending acceptance becomes accepted, with the method,
 * the time and (for federation) the upstream identity it redeemed with. A guest redeemed
 * already keeps what it has (sticky); a deleted guest stays deleted.
 * KEYS: guest record · ARGV: method, redeemed-at (ISO), federation JSON ('' = none)
 * Reply: nil when the guest does not exist, else {'redeemed' | 'unchanged', guest JSON}
 */
export const guestRedeem: Script = {
  name: 'guest-redeem',
  numberOfKeys: 1,
  lua: `
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local guest = cjson.decode(raw)
if guest.state ~= 'pendingAcceptance' then return {'unchanged', raw} end
guest.state = 'accepted'
guest.authMethod = ARGV[1]
guest.redeemedAt = ARGV[2]
if ARGV[3] ~= '' then guest.federation = cjson.decode(ARGV[3]) end
local redeemed = cjson.encode(guest)
redis.call('SET', KEYS[1], redeemed, 'KEEPTTL')
return {'redeemed', redeemed}`,
  memory(db, [record], [method, redeemedAt, federation]) {
    const raw = db.get(record!);
    if (raw === null) return null;
    const guest = JSON.parse(raw) as Record<string, unknown>;
    if (guest.state !== 'pendingAcceptance') return ['unchanged', raw];
    const redeemed = JSON.stringify({
      ...guest,
      state: 'accepted',
      authMethod: method,
      redeemedAt: redeemedAt,
      ...(federation ? { federation: JSON.parse(federation) as unknown } : {}),
    });
    db.set(record!, redeemed, { keepTtl: true });
    return ['redeemed', redeemed];
  },
};
