import type { Script } from '../store.js';

/**
 * Creates a guest, with its email index entry and its place in the tenant's guest set and
 * invitation order, or
 * answers the guest that already has the address: one step, so concurrent invitations of
 * one address make one guest and never an orphan record or index entry. The caller says
 * which guest id it expects the address to have ('' for none) and declares that guest's
 * record; when the address has another, the script changes nothing and answers `stale`
 * with the id it found, and the caller runs it again expecting that one.
 * KEYS: email index, guest set, expected guest's record (or the new one), new guest's record,
 * guest order · ARGV: expected id ('' = none), new id, new guest JSON, new guest's order member
 * Reply: {'created', json} | {'existing', json} | {'stale', id found ('' = none)}
 */
export const guestInvite: Script = {
  name: 'guest-invite',
  numberOfKeys: 5,
  lua: `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return {'stale', current} end
if current ~= '' then
  local existing = redis.call('GET', KEYS[3])
  if existing then return {'existing', existing} end
  -- an index entry whose record is gone (written before invitations were atomic): replace it
  redis.call('SREM', KEYS[2], current)
end
redis.call('SET', KEYS[4], ARGV[3])
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[5], 0, ARGV[4])
return {'created', ARGV[3]}`,
  memory(db, [email, index, expected, record, order], [expectedId, id, json, member]) {
    const current = db.get(email!) ?? '';
    if (current !== expectedId) return ['stale', current];
    if (current !== '') {
      const existing = db.get(expected!);
      if (existing !== null) return ['existing', existing];
      db.srem(index!, current);
    }
    db.set(record!, json!);
    db.set(email!, id!);
    db.sadd(index!, id!);
    db.zadd(order!, member!);
    return ['created', json!];
  },
};
