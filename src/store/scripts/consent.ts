import type { Script } from '../store.js';

/*
 * A guest's remembered consents live in one hash per guest: field `<client id>` holds what the
 * guest allowed that client, JSON {clientId, scopes, claims, resources: {indicator: scopes},
 * grantedAt, updatedAt}, each list one space-separated string (so Lua's cjson keeps them
 * strings). Both keys are under the tenant's `{scope}` hash tag.
 */

/** the words of both space-separated lists, each once, in order of first appearance */
function union(a: string, b: string): string {
  return [...new Set(`${a} ${b}`.split(' ').filter(Boolean))].join(' ');
}

interface Stored {
  scopes: string;
  claims: string;
  resources: Record<string, string>;
  grantedAt: string;
  [field: string]: unknown;
}

/**
 * Adds what a guest allowed a client now to what they allowed it before (lists merged, the
 * first grant time kept), in one step and only while the guest exists (a guest deleted or
 * reset during the consent keeps nothing).
 * KEYS: guest record, the guest's consent hash · ARGV: client id, consent JSON
 * Reply: 1 remembered, 0 the guest no longer exists
 */
export const consentRemember: Script = {
  name: 'consent-remember',
  numberOfKeys: 2,
  lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local consent = cjson.decode(ARGV[2])
local stored = redis.call('HGET', KEYS[2], ARGV[1])
if stored then
  local before = cjson.decode(stored)
  local function union(a, b)
    local seen, words = {}, {}
    for word in string.gmatch(a .. ' ' .. b, '%S+') do
      if not seen[word] then seen[word] = true; words[#words + 1] = word end
    end
    return table.concat(words, ' ')
  end
  consent.scopes = union(before.scopes, consent.scopes)
  consent.claims = union(before.claims, consent.claims)
  for indicator, scopes in pairs(before.resources) do
    consent.resources[indicator] = union(scopes, consent.resources[indicator] or '')
  end
  consent.grantedAt = before.grantedAt
end
redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(consent))
return 1`,
  memory(db, [guest, hash], [clientId, json]) {
    if (!db.exists(guest!)) return 0;
    const consent = JSON.parse(json!) as Stored;
    const stored = db.hget(hash!, clientId!);
    if (stored !== null) {
      const before = JSON.parse(stored) as Stored;
      consent.scopes = union(before.scopes, consent.scopes);
      consent.claims = union(before.claims, consent.claims);
      for (const [indicator, scopes] of Object.entries(before.resources))
        consent.resources[indicator] = union(scopes, consent.resources[indicator] ?? '');
      consent.grantedAt = before.grantedAt;
    }
    db.hset(hash!, { [clientId!]: JSON.stringify(consent) });
    return 1;
  },
};

/**
 * Forgets what a guest allowed one client.
 * KEYS: the guest's consent hash · ARGV: client id · Reply: 1 forgotten, 0 there was none
 */
export const consentForget: Script = {
  name: 'consent-forget',
  numberOfKeys: 1,
  lua: `return redis.call('HDEL', KEYS[1], ARGV[1])`,
  memory(db, [hash], [clientId]) {
    return db.hdel(hash!, clientId!);
  },
};
