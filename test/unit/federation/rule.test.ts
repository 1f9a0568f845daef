import { describe, expect, it } from '@jest/globals';
import { duplicateDomain, issuerAllowed, ruleForDomain } from '../../../src/federation/rule.js';

const rule = (id: string, domains: string[]) => ({
  id,
  domains,
  issuer: `https://${id}.example`,
  clientId: 'c',
  clientSecret: 's',
});

describe('federation rules', () => {
  it('only https issuers are accepted in production; http only on loopback outside it', () => {
    expect(issuerAllowed('https://accounts.google.com', true)).toBe(true);
    expect(issuerAllowed('http://127.0.0.1:4000', true)).toBe(false);
    expect(issuerAllowed('http://127.0.0.1:4000', false)).toBe(true);
    expect(issuerAllowed('http://localhost:4000', false)).toBe(true);
    expect(issuerAllowed('http://idp.example', false)).toBe(false);
    expect(issuerAllowed('https://idp.example/?x=1', false)).toBe(false);
    expect(issuerAllowed('javascript:alert(1)', false)).toBe(false);
  });

  it("a tenant's rule for a domain wins over the deployment's", () => {
    const tenant = [rule('own', ['gmail.com'])];
    const deployment = [rule('google', ['gmail.com', 'googlemail.com'])];
    expect(ruleForDomain('gmail.com', tenant, deployment)).toMatchObject({
      source: 'tenant',
      rule: { id: 'own' },
    });
    expect(ruleForDomain('googlemail.com', tenant, deployment)).toMatchObject({
      source: 'deployment',
      rule: { id: 'google' },
    });
    expect(ruleForDomain('example.com', tenant, deployment)).toBeUndefined();
  });

  it('a domain belongs to at most one rule', () => {
    expect(duplicateDomain([rule('a', ['x.example']), rule('b', ['y.example'])])).toBeUndefined();
    expect(duplicateDomain([rule('a', ['x.example']), rule('b', ['x.example'])])).toBe('x.example');
  });
});
