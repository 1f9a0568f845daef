import { describe, expect, it } from '@jest/globals';
import { MethodRegistry } from '../../../interactions/methods/registry.js';
import { createResolver, isBlocked } from '../../../interactions/resolve.js';
import type { JourneyServices } from '../../../interactions/step.js';
import type { Guest } from '../../../src/directory/guest.js';
import type { Tenant } from '../../../src/directory/tenant.js';
import type { FederationRule, RulesInForce } from '../../../src/federation/rule.js';
import type { SamlRule } from '../../../src/federation/saml/saml-rule.js';
import { createKeys } from '../../../src/store/keys.js';

const rule = (id: string, domains: string[], issuer: string): FederationRule => ({
  id,
  domains,
  issuer,
  clientId: 'c',
  clientSecret: 's',
});
const partner = rule('partner', ['partner.example'], 'https://idp.partner.example');
const shared = rule('google', ['gmail.com', 'partner.example'], 'https://accounts.google.com');

const tenant = (otp: boolean): Tenant => ({
  id: 'fabrikam',
  displayName: 'Fabrikam',
  instance: 'i1',
  createdAt: '',
  updatedAt: '',
  policy: { emailOtp: { enabled: otp } },
});

const guest = (authMethod: string | null, issuer?: string): Guest => ({
  id: 'g1',
  email: 'x@example.com',
  displayName: null,
  state: authMethod ? 'accepted' : 'pendingAcceptance',
  authMethod,
  ...(issuer ? { federation: { issuer, subject: 's1' } } : {}),
  redirectUrl: 'https://app.example/',
  invitedAt: '',
  redeemedAt: null,
});

/** the resolver over the built-in methods, with the rules in force given as data */
function resolverWith(rules: RulesInForce, saml: readonly SamlRule[] = []) {
  const keys = createKeys('t:');
  const services = {
    methods: new MethodRegistry(),
    federation: { rulesInForce: async () => rules },
    // the tenant's SAML rules, as the store holds them
    keys,
    config: { cookieSecrets: ['unit-test-secret'] },
    store: {
      get: async (key: string) => (key.endsWith(':saml-rules') ? JSON.stringify(saml) : null),
      together: <T>(work: () => Promise<T>) => work(),
    },
  } as unknown as JourneyServices; // only what resolution reads
  return createResolver(() => services);
}

const none: RulesInForce = { tenant: [], deployment: [] };
const own: RulesInForce = { tenant: [partner], deployment: [] };
const deploymentOnly: RulesInForce = { tenant: [], deployment: [shared] };
const both: RulesInForce = { tenant: [partner], deployment: [shared] };

describe('resolution: sticky method, then federation, then the passcode, else no method', () => {
  it.each<[string, boolean, Guest | undefined, string, RulesInForce, string, string]>([
    // name, otp on, guest, email, rules, expected method (or blocked reason), reason
    [
      'an uninvited address with passcodes on',
      true,
      undefined,
      'a@example.com',
      none,
      'otp',
      'passcode: no rule matches',
    ],
    [
      'a pending guest with passcodes on',
      true,
      guest(null),
      'a@example.com',
      none,
      'otp',
      'passcode: no rule matches',
    ],
    [
      'a pending guest with passcodes off and no rule',
      false,
      guest(null),
      'a@example.com',
      none,
      'no-method',
      'no sign-in method: passcodes are off and no rule matches',
    ],
    [
      'a pending guest whose domain has a tenant rule',
      true,
      guest(null),
      'b@partner.example',
      own,
      'federation',
      'rule partner: domain partner.example',
    ],
    [
      'a deployment rule applies when the tenant has none',
      true,
      guest(null),
      'c@gmail.com',
      deploymentOnly,
      'federation',
      'rule google (deployment): domain gmail.com',
    ],
    [
      'the tenant rule wins over the deployment rule',
      true,
      guest(null),
      'b@partner.example',
      both,
      'federation',
      'rule partner: domain partner.example',
    ],
    [
      'federation applies even with passcodes off',
      false,
      guest(null),
      'b@partner.example',
      own,
      'federation',
      'rule partner: domain partner.example',
    ],
    [
      'a passcode guest stays on passcodes after their domain gets a rule',
      true,
      guest('otp'),
      'b@partner.example',
      own,
      'otp',
      'sticky: redeemed with passcode',
    ],
    [
      'a passcode guest is blocked when passcodes are turned off',
      false,
      guest('otp'),
      'a@example.com',
      none,
      'method-disabled',
      'sticky: redeemed with passcode, which the tenant turned off',
    ],
    [
      'a federated guest keeps their IdP',
      true,
      guest('federation', partner.issuer),
      'b@partner.example',
      own,
      'federation',
      `sticky: redeemed with ${partner.issuer} (rule partner)`,
    ],
    [
      'a federated guest whose rule is gone has no method (not passcodes)',
      true,
      guest('federation', partner.issuer),
      'b@partner.example',
      none,
      'no-method',
      `sticky: redeemed with ${partner.issuer}, which no rule names any more`,
    ],
    [
      'a guest redeemed with a method not in force has no method',
      true,
      guest('approval'),
      'a@example.com',
      none,
      'no-method',
      'sticky: redeemed with approval, which is not available here',
    ],
  ])('%s', async (_name, otp, g, email, rules, expected, reason) => {
    const resolution = await resolverWith(rules)({ tenant: tenant(otp), email, guest: g });
    expect(isBlocked(resolution) ? resolution.blocked : resolution.method).toBe(expected);
    expect(resolution.reason).toBe(reason);
  });
});

describe('resolution with SAML rules: a SAML rule takes its domain like an OpenID rule', () => {
  const samlRule: SamlRule = {
    id: 'partner-saml',
    type: 'saml',
    domains: ['saml-partner.example'],
    idp: {
      entityId: 'https://idp.saml-partner.example',
      ssoUrl: 'https://idp/sso',
      certificates: [],
    },
  };
  it.each<[string, boolean, Guest | undefined, string, readonly SamlRule[], string, string]>([
    [
      'an invited guest of the domain goes to the SAML IdP, not the passcode',
      true,
      guest(null),
      'a@saml-partner.example',
      [samlRule],
      'saml',
      'rule partner-saml (SAML): domain saml-partner.example',
    ],
    [
      'another domain still gets the passcode',
      true,
      guest(null),
      'a@example.com',
      [samlRule],
      'otp',
      'passcode: no rule matches',
    ],
    [
      'a SAML guest signs in with SAML again (sticky, by entity ID)',
      true,
      guest('saml', samlRule.idp.entityId),
      'a@saml-partner.example',
      [samlRule],
      'saml',
      `sticky: redeemed with ${samlRule.idp.entityId} (rule partner-saml)`,
    ],
    [
      'a SAML guest whose rule is gone has no method (not passcodes)',
      true,
      guest('saml', samlRule.idp.entityId),
      'a@saml-partner.example',
      [],
      'no-method',
      `sticky: redeemed with ${samlRule.idp.entityId}, which no SAML rule names any more`,
    ],
  ])('%s', async (_name, otp, g, email, saml, expected, reason) => {
    const resolution = await resolverWith(none, saml)({ tenant: tenant(otp), email, guest: g });
    expect(isBlocked(resolution) ? resolution.blocked : resolution.method).toBe(expected);
    expect(resolution.reason).toBe(reason);
  });

  it("the tenant's own SAML rule wins over a deployment OpenID rule for the same domain", async () => {
    const deployment = rule('dep', ['saml-partner.example'], 'https://idp.dep.example');
    const resolution = await resolverWith({ tenant: [], deployment: [deployment] }, [samlRule])({
      tenant: tenant(true),
      email: 'a@saml-partner.example',
      guest: guest(null),
    });
    expect(isBlocked(resolution) ? resolution.blocked : resolution.method).toBe('saml');
  });
});
