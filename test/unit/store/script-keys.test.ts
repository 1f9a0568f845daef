import { readdirSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import type { Script } from '../../../src/store/store.js';

/**
 * Every Lua script declares every key it touches: a key argument of `redis.call` is always
 * `KEYS[n]` (or `KEYS[i]` over the declared ones), never a name built in Lua from a prefix,
 * an ARGV or a value read from Redis. (Redis Cluster needs declared keys; with the `{scope}`
 * hash tag they all land on one slot.) A static check of the Lua source of every script.
 */

const scriptsDir = new URL('../../../src/store/scripts/', import.meta.url);

async function loadScripts(): Promise<Script[]> {
  const scripts: Script[] = [];
  for (const file of readdirSync(scriptsDir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    const module = (await import(new URL(file, scriptsDir).href)) as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if (value && typeof value === 'object' && 'lua' in value && 'memory' in value)
        scripts.push(value as Script);
    }
  }
  return scripts;
}

/** commands whose every argument is a key */
const allKeys = new Set(['DEL', 'UNLINK', 'EXISTS', 'MGET', 'TOUCH']);
/** commands whose first argument is the key (the rest are fields, values, options) */
const firstKey = new Set([
  'GET',
  'SET',
  'EXPIRE',
  'PEXPIRE',
  'PERSIST',
  'TTL',
  'PTTL',
  'INCR',
  'INCRBY',
  'HGET',
  'HSET',
  'HSETNX',
  'HDEL',
  'HGETALL',
  'HINCRBY',
  'SADD',
  'SREM',
  'SMEMBERS',
  'SISMEMBER',
  'ZADD',
  'ZREM',
  'ZCARD',
  'SCARD',
  'XADD',
]);
const declaredKey = /^KEYS\[(?:\d+|[A-Za-z_]\w*)\]$/;

/** the argument lists of every redis.call / redis.pcall, split at top-level commas */
function redisCalls(lua: string): string[][] {
  const calls: string[][] = [];
  const start = /redis\.p?call\s*\(/g;
  for (let match = start.exec(lua); match; match = start.exec(lua)) {
    const args: string[] = [];
    let depth = 0;
    let current = '';
    let quote: string | undefined;
    for (let i = match.index + match[0].length; i < lua.length; i += 1) {
      const c = lua[i]!;
      if (quote) {
        current += c;
        if (c === '\\') current += lua[++i] ?? '';
        else if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') {
        quote = c;
        current += c;
      } else if (c === '(' || c === '{' || c === '[') {
        depth += 1;
        current += c;
      } else if ((c === ')' || c === '}' || c === ']') && depth > 0) {
        depth -= 1;
        current += c;
      } else if (c === ')') {
        args.push(current.trim());
        break;
      } else if (c === ',' && depth === 0) {
        args.push(current.trim());
        current = '';
      } else current += c;
    }
    calls.push(args);
  }
  return calls;
}

/** what is wrong with the key arguments of a script's calls (empty when nothing) */
function undeclaredKeys(lua: string): string[] {
  const problems: string[] = [];
  for (const [command = '', ...args] of redisCalls(lua)) {
    const name = /^'([A-Za-z]+)'$|^"([A-Za-z]+)"$/.exec(command);
    const upper = (name?.[1] ?? name?.[2] ?? '').toUpperCase();
    if (!upper) {
      problems.push(`a command that is not a literal: ${command}`);
      continue;
    }
    const keyArgs = allKeys.has(upper) ? args : firstKey.has(upper) ? args.slice(0, 1) : undefined;
    if (!keyArgs) {
      problems.push(`${upper}: unknown to this check (add it to allKeys or firstKey)`);
      continue;
    }
    if (keyArgs.length === 0) problems.push(`${upper} without a key`);
    for (const key of keyArgs)
      if (!declaredKey.test(key)) problems.push(`${upper} on ${key}, not a declared KEYS[n]`);
  }
  return problems;
}

describe('Lua scripts', () => {
  it('every script touches only declared keys (KEYS[n]), never a key name built in Lua', async () => {
    const scripts = await loadScripts();
    expect(scripts.map((s) => s.name)).toEqual(
      expect.arrayContaining(['otp-issue', 'otp-verify', 'oidc-revoke-grant', 'guest-invite']),
    );
    const problems = Object.fromEntries(
      scripts.map((s) => [s.name, undeclaredKeys(s.lua)] as const).filter(([, p]) => p.length),
    );
    expect(problems).toEqual({});
  });

  it('numbered KEYS stay within numberOfKeys, and only a script with readKeys loops over more', async () => {
    const problems: string[] = [];
    for (const script of await loadScripts()) {
      const highest = Math.max(
        0,
        ...[...script.lua.matchAll(/KEYS\[(\d+)\]/g)].map((m) => Number(m[1])),
      );
      if (highest > script.numberOfKeys)
        problems.push(`${script.name} uses KEYS[${highest}] of ${script.numberOfKeys}`);
      if (/#KEYS/.test(script.lua) && !script.readKeys)
        problems.push(`${script.name} loops over KEYS without readKeys`);
    }
    expect(problems).toEqual([]);
  });

  it('the check catches keys built in Lua', () => {
    expect(undeclaredKeys(`redis.call('DEL', prefix .. mac)`)).toEqual([
      'DEL on prefix .. mac, not a declared KEYS[n]',
    ]);
    expect(undeclaredKeys(`redis.call('DEL', KEYS[1], ARGV[2])`)).toEqual([
      'DEL on ARGV[2], not a declared KEYS[n]',
    ]);
    expect(undeclaredKeys(`for _, key in ipairs(m) do redis.call('GET', key) end`)).toEqual([
      'GET on key, not a declared KEYS[n]',
    ]);
    expect(undeclaredKeys(`redis.call(cmd, KEYS[1])`)).toEqual([
      'a command that is not a literal: cmd',
    ]);
    expect(
      undeclaredKeys(`redis.call('HSET', KEYS[4], 'exp:' .. ARGV[2], ms(now + ttl * 1000), 'x')`),
    ).toEqual([]);
    expect(undeclaredKeys(`redis.call('SCAN', '0')`)).toEqual([
      'SCAN: unknown to this check (add it to allKeys or firstKey)',
    ]);
  });
});
