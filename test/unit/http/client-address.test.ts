import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../../config/load-config.js';
import {
  addressBucket,
  clientAddress,
  parseTrustProxy,
  proxyList,
} from '../../../src/http/client-address.js';
import type { TrustedProxies } from '../../../src/http/client-address.js';

describe('TRUST_PROXY', () => {
  it.each<[string, TrustedProxies]>([
    ['false', { kind: 'none' }],
    ['0', { kind: 'none' }],
    ['true', { kind: 'hops', hops: 1 }],
    ['yes', { kind: 'hops', hops: 1 }],
    ['1', { kind: 'hops', hops: 1 }],
    ['3', { kind: 'hops', hops: 3 }],
    ['10.0.0.0/8', { kind: 'cidrs', cidrs: ['10.0.0.0/8'] }],
    [
      '10.0.0.1, 192.168.0.0/16,2001:db8::/32',
      { kind: 'cidrs', cidrs: ['10.0.0.1', '192.168.0.0/16', '2001:db8::/32'] },
    ],
  ])('%j is %j', (text, expected) => {
    expect(parseTrustProxy(text)).toEqual(expected);
  });

  it.each([
    ['21'],
    ['banana'],
    ['10.0.0.0/33'],
    ['10.0.0.0/8/1'],
    ['10.0.0.0/8,'],
    ['::1/129'],
    ['-1'],
  ])('%j is refused, naming the variable at start-up', async (text) => {
    expect(parseTrustProxy(text)).toHaveProperty('problem');
    await expect(loadConfig({ TRUST_PROXY: text, LOG_LEVEL: 'silent' })).rejects.toThrow(
      ConfigError,
    );
    await expect(loadConfig({ TRUST_PROXY: text, LOG_LEVEL: 'silent' })).rejects.toThrow(
      /TRUST_PROXY: must be false, true/,
    );
  });
});

describe('the client address: never the leftmost X-Forwarded-For entry the client wrote', () => {
  const none: TrustedProxies = { kind: 'none' };
  const one: TrustedProxies = { kind: 'hops', hops: 1 };
  const two: TrustedProxies = { kind: 'hops', hops: 2 };
  const listed: TrustedProxies = { kind: 'cidrs', cidrs: ['10.0.0.0/8', '2001:db8:ffff::/48'] };
  const trusted = proxyList(['10.0.0.0/8', '2001:db8:ffff::/48']);

  it.each<[string, string, string | undefined, TrustedProxies, string]>([
    ['no proxy: the socket', '192.0.2.1', '6.6.6.6', none, '192.0.2.1'],
    ['an IPv4-mapped socket address', '::ffff:192.0.2.1', undefined, none, '192.0.2.1'],
    ['one hop: what the proxy appended', '10.0.0.2', '6.6.6.6, 192.0.2.7', one, '192.0.2.7'],
    ['one hop, nothing forwarded: the socket', '192.0.2.9', undefined, one, '192.0.2.9'],
    ['two hops', '10.0.0.2', '6.6.6.6, 192.0.2.7, 10.0.0.3', two, '192.0.2.7'],
    ['two hops, a shorter chain: its leftmost', '10.0.0.2', '192.0.2.7', two, '192.0.2.7'],
    ['a port and brackets are dropped', '10.0.0.2', '[2001:db8::7]:443', one, '2001:db8::7'],
    ['an IPv4 entry with a port', '10.0.0.2', '192.0.2.7:5555', one, '192.0.2.7'],
    ['a malformed entry: the nearest good one right of it', '10.0.0.2', 'unknown', one, '10.0.0.2'],
    [
      'a list: walks left over listed proxies',
      '10.0.0.2',
      '6.6.6.6, 192.0.2.7, 10.9.9.9',
      listed,
      '192.0.2.7',
    ],
    [
      'a list: a peer that is not listed is the client',
      '192.0.2.50',
      '6.6.6.6',
      listed,
      '192.0.2.50',
    ],
    ['a list with IPv6 proxies', '2001:db8:ffff::1', '2001:db8:1::5', listed, '2001:db8:1::5'],
    ['a list: all listed, the leftmost', '10.0.0.2', '10.0.0.5', listed, '10.0.0.5'],
  ])('%s', (_case, peer, forwarded, trust, expected) => {
    expect(clientAddress(peer, forwarded, trust, trusted)).toBe(expected);
  });
});

describe('the bucket a per-address limit counts in', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['::ffff:0:c000:201', '0:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
  ])('%s counts in %s', (address, bucket) => {
    expect(addressBucket(address)).toBe(bucket);
  });
});
