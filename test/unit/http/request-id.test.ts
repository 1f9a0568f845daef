import { describe, expect, it } from '@jest/globals';
import { parseTrustProxy } from '../../../src/http/client-address.js';
import type { TrustedProxies } from '../../../src/http/client-address.js';
import { peerIsTrusted, requestIdPattern } from '../../../src/http/request-id.js';

describe('which X-Request-Id values are kept', () => {
  it.each([
    ['3f2c1a9e-5b7d-4c1e-9f0a-2b3c4d5e6f70', true],
    ['a1b2c3d4e5f60718293a4b5c6d7e8f90', true],
    ['Root=1-67891233-abcdef012345678912345678', true],
    ['req_01HZX.trace:7+span/9@edge', true],
    ['x', true],
    ['a'.repeat(128), true],
    ['a'.repeat(129), false],
    ['', false],
    ['has space', false],
    ['line\nbreak', false],
    ['quote"d', false],
    ['<script>', false],
    ['semi;colon', false],
    ['ümlaut', false],
  ])('%j → %s', (value, kept) => {
    expect(requestIdPattern.test(value)).toBe(kept);
  });
});

describe('whose X-Request-Id counts (TRUST_PROXY)', () => {
  const trust = (text: string) => parseTrustProxy(text) as TrustedProxies;
  it.each([
    ['false', '127.0.0.1', false],
    ['true', '127.0.0.1', true],
    ['2', '203.0.113.9', true],
    ['127.0.0.1', '127.0.0.1', true],
    ['127.0.0.1', '::ffff:127.0.0.1', true],
    ['10.0.0.0/8', '10.1.2.3', true],
    ['10.0.0.0/8', '127.0.0.1', false],
    ['10.0.0.0/8', undefined, false],
  ])('TRUST_PROXY=%s, peer %s → %s', (setting, peer, trusted) => {
    expect(peerIsTrusted(trust(setting))(peer)).toBe(trusted);
  });
});
