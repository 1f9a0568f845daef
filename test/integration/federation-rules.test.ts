import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { heading, HttpBrowser } from '../support/http-browser.js';
import { invite, relyingParty, SignIn } from '../support/guest-journey.js';
import { startFederationWorld } from '../support/federation-world.js';
import type { FederationWorld } from '../support/federation-world.js';
import { uniqueId } from '../support/shared-state.js';
import { startUpstreamIdp } from '../support/upstream-idp.js';
import type { UpstreamIdp } from '../support/upstream-idp.js';

let world: FederationWorld;
let deploymentIdp: UpstreamIdp;

beforeAll(async () => {
  deploymentIdp = await startUpstreamIdp({
    accounts: [{ sub: 'g1', email: 'gina@gmail.example', email_verified: true }],
  });
  const tenantIdp = await startUpstreamIdp({ accounts: [] });
  const deploymentRules = [
    {
      id: 'google',
      domains: ['gmail.example', 'shared.example'],
      issuer: deploymentIdp.issuer,
      clientId: 'gp',
      clientSecret: 'gp-secret',
    },
  ];
  world = await startFederationWorld(
    [],
    { FEDERATION_RULES: JSON.stringify(deploymentRules) },
    tenantIdp,
  );
});
afterAll(async () => {
  await world.close();
  await deploymentIdp.stop();
});

/** A tenant of the calling test's own, without rules of its own. */
async function newTenant(displayName = 'Fabrikam'): Promise<string> {
  const id = uniqueId('fabrikam');
  expect((await world.t.admin('POST', '/tenants', { id, displayName })).status).toBe(201);
  return id;
}

/** A tenant of its own whose rule `partner` sends partner.example to the tenant's upstream IdP. */
async function tenantWithPartnerRule(): Promise<string> {
  const tenant = await newTenant();
  await world.setRules(tenant, [{ id: 'partner', domains: ['partner.example'] }]);
  return tenant;
}

const scopeOf = async (tenant: string) =>
  `${tenant}:${(await world.t.app.services.tenants.find(tenant))!.instance}`;

const explain = async (tenant: string, email: string) =>
  world.t.admin('GET', `/tenants/${tenant}/federation/resolve?email=${email}`);

describe('federation rules (admin API)', () => {
  it('answers each rule with its redirectUri and never the secret', async () => {
    const tenant = await newTenant();
    const set = await world.setRules(tenant, [{ id: 'partner', domains: ['Partner.Example'] }]);
    expect(set.body).toEqual([
      {
        id: 'partner',
        domains: ['partner.example'],
        issuer: world.upstream.issuer,
        clientId: `guestpass-${tenant}`,
        redirectUri: `${world.t.url}/${tenant}/federation/callback`,
      },
    ]);
    const read = await world.t.admin('GET', `/tenants/${tenant}/federation`);
    expect(read.body).toEqual(set.body);
    expect(JSON.stringify(read.body)).not.toContain(`secret-of-${tenant}`);
    const stored = await world.t.app.services.store.get(
      world.t.app.services.keys.federation(await scopeOf(tenant)),
    );
    expect(stored).not.toBeNull();
    expect(stored).not.toContain(`secret-of-${tenant}`);
  });

  it('keeps the stored secret when a rule is sent again without it', async () => {
    const tenant = await tenantWithPartnerRule();
    const again = await world.t.admin('PUT', `/tenants/${tenant}/federation`, [
      {
        id: 'partner',
        domains: ['partner.example', 'partner.test'],
        issuer: world.upstream.issuer,
        clientId: `guestpass-${tenant}`,
      },
    ]);
    expect(again.status).toBe(200);
    const rules = await world.t.app.services.federation.rules.list(await scopeOf(tenant));
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      domains: ['partner.example', 'partner.test'],
      clientSecret: `secret-of-${tenant}`,
    });
  });

  it.each([
    [
      [
        {
          id: 'x',
          domains: ['a.example'],
          issuer: 'http://idp.example',
          clientId: 'c',
          clientSecret: 's',
        },
      ],
      '[0].issuer',
    ],
    [
      [{ id: 'x', domains: ['a.example'], issuer: 'not a url', clientId: 'c', clientSecret: 's' }],
      'issuer',
    ],
    [
      [{ id: 'x', domains: [], issuer: 'https://idp.example', clientId: 'c', clientSecret: 's' }],
      'domains',
    ],
    [
      [
        {
          id: 'x',
          domains: ['not a domain'],
          issuer: 'https://idp.example',
          clientId: 'c',
          clientSecret: 's',
        },
      ],
      'domains',
    ],
    [
      [{ id: 'new', domains: ['b.example'], issuer: 'https://idp.example', clientId: 'c' }],
      'clientSecret',
    ],
    [{ id: 'x' }, 'body'],
  ])('refuses %j naming %s', async (body, field) => {
    const tenant = await newTenant();
    const response = await world.t.admin('PUT', `/tenants/${tenant}/federation`, body);
    expect(response.status).toBe(400);
    expect(response.body.error_description).toContain(field);
  });

  it('refuses a domain that is in two rules', async () => {
    const tenant = await newTenant();
    const response = await world.t.admin('PUT', `/tenants/${tenant}/federation`, [
      {
        id: 'a',
        domains: ['same.example'],
        issuer: world.upstream.issuer,
        clientId: 'c',
        clientSecret: 's',
      },
      {
        id: 'b',
        domains: ['same.example'],
        issuer: world.upstream.issuer,
        clientId: 'c',
        clientSecret: 's',
      },
    ]);
    expect(response.status).toBe(400);
    expect(response.body.error_description).toContain('same.example is in more than one rule');
  });

  it('refuses an issuer whose discovery fails, and keeps the rules it had', async () => {
    const tenant = await tenantWithPartnerRule();
    const dead = await startUpstreamIdp();
    await dead.stop();
    const response = await world.t.admin('PUT', `/tenants/${tenant}/federation`, [
      {
        id: 'dead',
        domains: ['dead.example'],
        issuer: dead.issuer,
        clientId: 'c',
        clientSecret: 's',
      },
    ]);
    expect(response.status).toBe(400);
    expect(response.body.error_description).toMatch(
      /^\[0\]\.issuer: discovery of http:\/\/127\.0\.0\.1:\d+ failed/,
    );
    expect(
      (await world.t.admin('GET', `/tenants/${tenant}/federation`)).body.map(
        (r: { id: string }) => r.id,
      ),
    ).toEqual(['partner']);
  });
});

describe('resolution', () => {
  it('explains the decision for an address without signing anyone in', async () => {
    const tenant = await tenantWithPartnerRule();
    expect((await explain(tenant, 'pat@partner.example')).body).toMatchObject({
      method: 'federation',
      reason: 'rule partner: domain partner.example',
    });
    expect((await explain(tenant, 'someone@nowhere.example')).body).toEqual({
      email: 'someone@nowhere.example',
      method: 'otp',
      reason: 'passcode: no rule matches',
    });
    expect((await explain(tenant, 'gina@gmail.example')).body).toMatchObject({
      method: 'federation',
      reason: 'rule google (deployment): domain gmail.example',
      rule: { id: 'google', source: 'deployment', issuer: deploymentIdp.issuer },
    });
    expect((await explain(tenant, 'nope')).status).toBe(400);
  });

  it("a tenant's own rule for a domain beats the deployment's rule", async () => {
    const tenant = await newTenant();
    expect((await explain(tenant, 'sam@shared.example')).body).toMatchObject({
      rule: { id: 'google', source: 'deployment' },
    });
    await world.setRules(tenant, [
      { id: 'partner', domains: ['partner.example'] },
      { id: 'own-shared', domains: ['shared.example'] },
    ]);
    const explained = await explain(tenant, 'sam@shared.example');
    expect(explained.body).toMatchObject({
      method: 'federation',
      rule: { id: 'own-shared', source: 'tenant', issuer: world.upstream.issuer },
    });
  });

  it('a deployment-wide rule signs a guest in at its IdP', async () => {
    const tenant = await newTenant();
    deploymentIdp.addClient({
      clientId: 'gp',
      clientSecret: 'gp-secret',
      redirectUris: [`${world.t.url}/${tenant}/federation/callback`],
    });
    const rp = await relyingParty(world.t, tenant);
    await invite(world.t, tenant, 'gina@gmail.example');
    const signIn = new SignIn(rp);
    const page = await signIn.browser.submit(await signIn.start(), 'identify', {
      email: 'gina@gmail.example',
    });
    expect(heading(page)).toBe('Accept invitation');
    expect(deploymentIdp.authorizationRequests.at(-1)).toMatchObject({
      client_id: 'gp',
      login_hint: 'gina@gmail.example',
    });
  });
});

describe('an unreachable upstream IdP', () => {
  it('gives the guest a clear page naming the organization, never a stack trace, and redeems nothing', async () => {
    const flaky = await startUpstreamIdp({
      accounts: [{ sub: 'f1', email: 'fay@flaky.example', email_verified: true }],
    });
    try {
      const tenant = await newTenant('Contoso');
      flaky.addClient({
        clientId: 'c',
        clientSecret: 's',
        redirectUris: [`${world.t.url}/${tenant}/federation/callback`],
      });
      const saved = await world.t.admin('PUT', `/tenants/${tenant}/federation`, [
        {
          id: 'flaky',
          domains: ['flaky.example'],
          issuer: flaky.issuer,
          clientId: 'c',
          clientSecret: 's',
        },
      ]);
      expect(saved.status).toBe(200);
      const rp = await relyingParty(world.t, tenant);
      const invitation = await invite(world.t, tenant, 'fay@flaky.example');
      await flaky.stop();
      const signIn = new SignIn(rp, new HttpBrowser());
      const page = await signIn.browser.submit(await signIn.start(), 'identify', {
        email: 'fay@flaky.example',
      });
      expect(page.status).toBe(502);
      expect(heading(page)).toBe('Sign-in did not work');
      expect(page.html).toContain(
        'We couldn&#39;t reach your organization&#39;s sign-in service to sign you in to Contoso',
      );
      expect(page.html).not.toMatch(/at .*\.(js|ts):\d+/);
      const guest = await world.t.admin('GET', `/tenants/${tenant}/guests/${invitation.guest.id}`);
      expect(guest.body).toMatchObject({ state: 'pendingAcceptance', authMethod: null });
    } finally {
      await flaky.stop();
    }
  });
});

describe('upstream calls have timeouts', () => {
  it('a rule whose issuer accepts connections but never answers is refused after FEDERATION_TIMEOUT_SECONDS', async () => {
    const { createServer } = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as import('node:net').AddressInfo).port;
    const quick = await startFederationWorld([], { FEDERATION_TIMEOUT_SECONDS: '1' });
    try {
      await quick.t.admin('POST', '/tenants', { id: 'fabrikam', displayName: 'Fabrikam' });
      const started = Date.now();
      const response = await quick.t.admin('PUT', '/tenants/fabrikam/federation', [
        {
          id: 'silent',
          domains: ['silent.example'],
          issuer: `http://127.0.0.1:${port}`,
          clientId: 'c',
          clientSecret: 's',
        },
      ]);
      expect(response.status).toBe(400);
      expect(response.body.error_description).toContain('[0].issuer: discovery');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await quick.close();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
