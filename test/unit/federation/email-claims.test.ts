import { describe, expect, it } from '@jest/globals';
import { checkEmail, emailFromUserinfo, holdsEmail } from '../../../src/federation/email-claims.js';
import type { EmailCheck } from '../../../src/federation/email-claims.js';
import type { FederationRule } from '../../../src/federation/rule.js';

const oidcRule: FederationRule = {
  id: 'auth0',
  domains: ['partner.example'],
  issuer: 'https://partner.auth0.com/',
  clientId: 'c',
  clientSecret: 's',
};
const google: FederationRule = {
  ...oidcRule,
  id: 'google',
  type: 'google',
  domains: ['gmail.com', 'partner.example', 'subsidiary.example'],
  issuer: 'https://accounts.google.com',
};
const entra: FederationRule = {
  ...oidcRule,
  id: 'entra',
  type: 'entra',
  tenant: 'organizations',
  issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
};

describe('email_verified, read as each provider means it', () => {
  it.each<[string, FederationRule, Record<string, unknown>, EmailCheck]>([
    [
      'any provider: email_verified true',
      oidcRule,
      { email: 'a@partner.example', email_verified: true },
      'verified',
    ],
    [
      'any provider: email_verified false',
      oidcRule,
      { email: 'a@partner.example', email_verified: false },
      'email_unverified',
    ],
    [
      'any provider: the string "true" is not true',
      oidcRule,
      { email: 'a@partner.example', email_verified: 'true' },
      'email_unverified',
    ],
    [
      'any provider: no email_verified',
      oidcRule,
      { email: 'a@partner.example' },
      'email_unverified',
    ],
    [
      'any provider: hd means nothing',
      oidcRule,
      { email: 'a@partner.example', email_verified: true, hd: 'other.example' },
      'verified',
    ],

    [
      'Google Workspace: hd is the email domain',
      google,
      { email: 'a@partner.example', email_verified: true, hd: 'partner.example' },
      'verified',
    ],
    [
      'Google Workspace: hd of another organization',
      google,
      { email: 'a@partner.example', email_verified: true, hd: 'evil.example' },
      'hosted_domain_mismatch',
    ],
    [
      'Google: a consumer account asserting a Workspace domain (no hd)',
      google,
      { email: 'a@partner.example', email_verified: true },
      'hosted_domain_mismatch',
    ],
    [
      'Google: gmail.com has no hd',
      google,
      { email: 'a@gmail.com', email_verified: true },
      'verified',
    ],
    [
      'Google: gmail.com with an hd is not gmail',
      google,
      { email: 'a@gmail.com', email_verified: true, hd: 'gmail.com' },
      'hosted_domain_mismatch',
    ],
    [
      'Google: an unverified Workspace email',
      google,
      { email: 'a@partner.example', email_verified: false, hd: 'partner.example' },
      'email_unverified',
    ],
    [
      'Google: a secondary domain under its primary (hostedDomain)',
      { ...google, hostedDomain: 'partner.example' },
      { email: 'a@subsidiary.example', email_verified: true, hd: 'partner.example' },
      'verified',
    ],

    ['Entra: xms_edov true', entra, { email: 'a@partner.example', xms_edov: true }, 'verified'],
    [
      'Entra: xms_edov false (a domain the tenant never verified)',
      entra,
      { email: 'a@partner.example', xms_edov: false },
      'email_unverified',
    ],
    [
      'Entra: no xms_edov (the optional claim not configured)',
      entra,
      { email: 'a@partner.example' },
      'email_unverified',
    ],
    [
      'Entra: email_verified means nothing (Entra never sends it)',
      entra,
      { email: 'a@partner.example', email_verified: true },
      'email_unverified',
    ],
  ])('%s', (_case, rule, claims, check) => {
    expect(checkEmail(rule, claims)).toEqual({ email: claims.email, check });
  });
});

describe('userinfo fallback', () => {
  it.each<[string, FederationRule, Record<string, unknown>, boolean]>([
    [
      'email and email_verified in the ID token',
      oidcRule,
      { email: 'a@x', email_verified: false },
      true,
    ],
    ['no email', oidcRule, { email_verified: true }, false],
    ['an email without email_verified', google, { email: 'a@x' }, false],
    ['Entra: the email (its evidence is xms_edov)', entra, { email: 'a@x' }, true],
  ])('%s: holds the email = %s', (_case, rule, claims, holds) => {
    expect(holdsEmail(rule, claims)).toBe(holds);
  });

  it('reads userinfo for any provider and Google, never for Entra ID (userinfo has no xms_edov)', () => {
    expect([oidcRule, google, entra].map(emailFromUserinfo)).toEqual([true, true, false]);
  });
});
