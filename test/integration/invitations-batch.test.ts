import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RedisStore } from '../../src/store/redis-store.js';
import { invite, mailTextsTo } from '../support/guest-journey.js';
import { startFederationWorld } from '../support/federation-world.js';
import type { FederationWorld } from '../support/federation-world.js';
import { mailSettled } from '../support/mail-settled.js';

let world: FederationWorld;
let tenants = 0;

beforeAll(async () => {
  world = await startFederationWorld([]);
});
afterAll(async () => world?.close());

const redirectUrl = 'https://apps.example.com/welcome';

/** a tenant of its own for a test (passcodes on, as new tenants are) */
async function newTenant(): Promise<string> {
  tenants += 1;
  const id = `bulk-${tenants}-${Date.now().toString(36)}`;
  expect((await world.t.admin('POST', '/tenants', { id, displayName: 'Fabrikam' })).status).toBe(
    201,
  );
  return id;
}

async function passcodesOff(tenant: string) {
  const response = await world.t.admin('PUT', `/tenants/${tenant}/policy`, {
    emailOtp: { enabled: false },
  });
  expect(response.status).toBe(200);
}

const batch = (tenant: string, body: unknown) =>
  world.t.admin('POST', `/tenants/${tenant}/invitations/batch`, body);

interface Result {
  email: string | null;
  status: 'created' | 'existing' | 'error';
  guest?: { id: string; email: string };
  redeemUrl?: string;
  emailSent?: boolean;
  error?: string;
  error_description?: string;
}

/** the plain-text bodies of the mails the SendGrid stand-in received for an address */
const mailTexts = (email: string) => mailTextsTo(world.sendgrid, email);

async function guestEmails(tenant: string): Promise<string[]> {
  const guests = await world.t.admin('GET', `/tenants/${tenant}/guests`);
  return (guests.body as { email: string }[]).map((g) => g.email).sort();
}

const rows = (count: number, address: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => ({ email: address(i), redirectUrl, sendEmail: false }));

/** a batch's answer and the Redis round trips the request cost (the courier's are its own connection's) */
async function batchCost(tenant: string, body: unknown) {
  const store = world.t.app.services.store as RedisStore;
  const before = { ...store.traffic };
  const response = await batch(tenant, body);
  expect(response.status).toBe(200);
  return {
    roundTrips: store.traffic.roundTrips - before.roundTrips,
    results: response.body.results as Result[],
  };
}

describe('POST /admin/v1/tenants/{t}/invitations/batch', () => {
  it('answers every entry in order — created, existing, or an error naming its field — and a bad entry fails no other', async () => {
    const tenant = await newTenant();
    await invite(world.t, tenant, 'already@contoso.example', { sendEmail: false });
    const response = await batch(tenant, {
      invitations: [
        { email: 'new.one@contoso.example', displayName: 'New One', redirectUrl },
        { email: 'Already@Contoso.example', redirectUrl },
        { email: 'not-an-address', redirectUrl },
        { email: 'no.url@contoso.example' },
        { email: 'NEW.ONE@contoso.example', redirectUrl },
        { email: 'quiet@contoso.example', redirectUrl, sendEmail: false },
        { email: 'bad.flag@contoso.example', redirectUrl, sendEmail: 'yes' },
        'just a string',
      ],
    });
    expect(response.status).toBe(200);
    const results = response.body.results as Result[];
    expect(results.map((r) => [r.email, r.status, r.error ?? null])).toEqual([
      ['new.one@contoso.example', 'created', null],
      ['already@contoso.example', 'existing', null],
      ['not-an-address', 'error', 'invalid_request'],
      ['no.url@contoso.example', 'error', 'invalid_request'],
      ['NEW.ONE@contoso.example', 'error', 'invalid_request'],
      ['quiet@contoso.example', 'created', null],
      ['bad.flag@contoso.example', 'error', 'invalid_request'],
      [null, 'error', 'invalid_request'],
    ]);
    expect(results[2]!.error_description).toMatch(/^invitations\[2\]\.email: /);
    expect(results[3]!.error_description).toMatch(/^invitations\[3\]\.redirectUrl: /);
    expect(results[4]!.error_description).toBe(
      'invitations[4].email: the same address as invitations[0]',
    );
    expect(results[6]!.error_description).toMatch(/^invitations\[6\]\.sendEmail: /);
    expect(results[7]!.error_description).toMatch(/^invitations\[7\]: /);
    expect(response.body.summary).toEqual({ created: 2, existing: 1, failed: 5 });
    expect(results[0]!.redeemUrl).toMatch(new RegExp(`^${world.t.url}/${tenant}/invite/\\S+$`));
    expect(results[0]!.guest).toMatchObject({ email: 'new.one@contoso.example' });
    expect(await guestEmails(tenant)).toEqual([
      'already@contoso.example',
      'new.one@contoso.example',
      'quiet@contoso.example',
    ]);
    // mails for the rows that asked, through the same mail as a single invitation
    expect(results.map((r) => r.emailSent ?? null)).toEqual([
      true,
      true,
      null,
      null,
      null,
      false,
      null,
      null,
    ]);
    expect(await mailTexts('new.one@contoso.example')).toEqual([
      expect.stringContaining(results[0]!.redeemUrl!),
    ]);
    expect((await mailTexts('new.one@contoso.example'))[0]).toMatch(/^Hello New One,/);
    expect(await mailTexts('already@contoso.example')).toEqual([
      expect.stringContaining(results[1]!.redeemUrl!),
    ]);
    expect(await mailTexts('quiet@contoso.example')).toEqual([]);
  });

  it('every link of a batch works: it opens the sign-in of its guest', async () => {
    const tenant = await newTenant();
    const response = await batch(tenant, {
      invitations: rows(3, (i) => `link${i}@contoso.example`),
    });
    for (const result of response.body.results as Result[]) {
      const opened = await fetch(result.redeemUrl!, { redirect: 'manual' });
      expect(opened.status).toBe(303);
    }
    const bogus = await fetch(`${world.t.url}/${tenant}/invite/${'x'.repeat(43)}`, {
      redirect: 'manual',
    });
    expect(bogus.status).toBe(404);
  });

  it.each([
    ['invitations: required', {}],
    ['invitations: required', { invitations: 'ann@contoso.example' }],
    ['invitations: at least one', { invitations: [] }],
    ['invitations: at most 1,000', { invitations: rows(1001, (i) => `r${i}@contoso.example`) }],
    ['sendEmail', { invitations: rows(1, () => 'a@contoso.example'), sendEmail: false }],
    ['force', { invitations: rows(1, () => 'a@contoso.example'), force: 'yes' }],
  ])(
    'a body that is not a batch is one 400 naming the field (%s), and invites no one',
    async (message, body) => {
      const tenant = await newTenant();
      const response = await batch(tenant, body);
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_request');
      expect(response.body.error_description).toContain(message);
      expect(await guestEmails(tenant)).toEqual([]);
    },
  );

  it('1,000 invitations take a bounded number of Redis round trips, however many rows and domains', async () => {
    const tenant = await newTenant();
    const cost = (body: unknown) => batchCost(tenant, body);
    const ten = await cost({ invitations: rows(10, (i) => `few${i}@d${i}.example`) });
    expect(ten.results.every((r) => r.status === 'created')).toBe(true);
    // a thousand addresses of a thousand domains: new, then all of them again (existing)
    const thousand = rows(1000, (i) => `guest${i}@domain${i}.example`);
    const created = await cost({ invitations: thousand });
    expect(created.results.filter((r) => r.status === 'created')).toHaveLength(1000);
    const again = await cost({ invitations: thousand });
    expect(again.results.filter((r) => r.status === 'existing')).toHaveLength(1000);
    // measured: 4–6 for ten or a thousand new addresses, 6–8 for a thousand existing ones
    expect(created.roundTrips).toBeLessThanOrEqual(12);
    expect(again.roundTrips).toBeLessThanOrEqual(12);
    // independent of the count: a thousand rows cost what ten cost, give or take the second pass
    expect(created.roundTrips).toBeLessThanOrEqual(ten.roundTrips + 1);
    expect((await guestEmails(tenant)).length).toBe(1010);
  });

  it('1,000 invitations with their mails: every mail queued in one more round trip, then delivered once by the courier', async () => {
    const tenant = await newTenant();
    const quiet = await batchCost(tenant, {
      invitations: rows(1000, (i) => `quiet${i}@q${i}.example`),
    });
    const mailedRows = rows(1000, (i) => `mailed${i}@m${i}.example`).map((row) => ({
      ...row,
      sendEmail: true,
    }));
    const mailed = await batchCost(tenant, { invitations: mailedRows });
    expect(mailed.results.filter((r) => r.status === 'created' && r.emailSent)).toHaveLength(1000);
    // measured: 5 and 5 (the queue's writes go as one pipeline; one by one they cost 1,004)
    expect(mailed.roundTrips).toBeLessThanOrEqual(quiet.roundTrips + 1);
    expect(mailed.roundTrips).toBeLessThanOrEqual(13);
    // the courier delivers them in the background: each address's mail once, with its own link
    await mailSettled(120_000);
    const recipients = world.sendgrid.requests.flatMap(
      (r) =>
        (r.body as { personalizations?: { to?: { email: string }[] }[] }).personalizations?.flatMap(
          (p) => p.to?.map((to) => to.email) ?? [],
        ) ?? [],
    );
    const mailedTo = recipients.filter((email) => /^(mailed|quiet)\d+@/.test(email));
    expect(new Set(mailedTo).size).toBe(1000);
    expect(mailedTo).toHaveLength(1000);
    expect(mailedTo.every((email) => email.startsWith('mailed'))).toBe(true);
    expect(await mailTexts('mailed517@m517.example')).toEqual([
      expect.stringContaining(mailed.results[517]!.redeemUrl!),
    ]);
  });

  it('concurrent batches and single invitations of one address make exactly one guest', async () => {
    const tenant = await newTenant();
    const address = 'race@contoso.example';
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) =>
        batch(tenant, {
          invitations: [
            { email: address, redirectUrl, sendEmail: false },
            { email: `other${i}@contoso.example`, redirectUrl, sendEmail: false },
          ],
        }),
      ),
      ...Array.from({ length: 10 }, () =>
        world.t.admin('POST', `/tenants/${tenant}/invitations`, {
          email: address,
          redirectUrl,
          sendEmail: false,
        }),
      ),
    ]);
    const guestIds = new Set(
      answers.map((a) =>
        a.body.results ? (a.body.results[0] as Result).guest!.id : (a.body.guest.id as string),
      ),
    );
    expect(guestIds.size).toBe(1);
    const created = answers.filter((a) =>
      a.body.results ? a.body.results[0].status === 'created' : a.status === 201,
    );
    expect(created).toHaveLength(1);
    expect((await guestEmails(tenant)).filter((e) => e === address)).toHaveLength(1);
  });
});

describe('Invitations that cannot work: 409 no_sign_in_method unless forced', () => {
  it('refuses a single invitation no method would let in, with the reason; force invites anyway', async () => {
    const tenant = await newTenant();
    await passcodesOff(tenant);
    const body = { email: 'nobody@nowhere.example', redirectUrl };
    const refused = await world.t.admin('POST', `/tenants/${tenant}/invitations`, body);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('no_sign_in_method');
    expect(refused.body.error_description).toContain('nobody@nowhere.example');
    expect(refused.body.error_description).toContain('passcodes are off and no rule matches');
    expect(await guestEmails(tenant)).toEqual([]);
    expect(await mailTexts('nobody@nowhere.example')).toEqual([]);

    const forced = await world.t.admin('POST', `/tenants/${tenant}/invitations`, {
      ...body,
      force: true,
    });
    expect(forced.status).toBe(201);
    const [mail] = await mailTexts('nobody@nowhere.example');
    expect(mail).toBeDefined();
    expect(mail).not.toContain('one-time code');
  });

  it('a federated domain may be invited with passcodes off, and its mail speaks of the organization account, not a code', async () => {
    const tenant = await newTenant();
    await passcodesOff(tenant);
    await world.setRules(tenant, [{ id: 'partner', domains: ['partner.example'] }]);
    const invited = await world.t.admin('POST', `/tenants/${tenant}/invitations`, {
      email: 'ann@partner.example',
      redirectUrl,
    });
    expect(invited.status).toBe(201);
    const [mail] = await mailTexts('ann@partner.example');
    expect(mail).toContain("you'll use your own organization's account for ann@partner.example");
    expect(mail).not.toContain('one-time code');
  });

  it('a passcode tenant’s invitation mail announces the one-time code', async () => {
    const tenant = await newTenant();
    await invite(world.t, tenant, 'otp.guest@contoso.example');
    expect((await mailTexts('otp.guest@contoso.example'))[0]).toContain(
      "we'll send a one-time code to otp.guest@contoso.example",
    );
  });

  it('a batch answers the 409 per entry; the others are invited; force (the body’s or the entry’s) lets them in', async () => {
    const tenant = await newTenant();
    await passcodesOff(tenant);
    await world.setRules(tenant, [{ id: 'partner', domains: ['partner.example'] }]);
    const entries = [
      { email: 'bob@partner.example', redirectUrl },
      { email: 'carol@elsewhere.example', redirectUrl },
      { email: 'dave@elsewhere.example', redirectUrl, force: true },
    ];
    const first = await batch(tenant, { invitations: entries });
    const results = first.body.results as Result[];
    expect(results.map((r) => [r.status, r.error ?? null])).toEqual([
      ['created', null],
      ['error', 'no_sign_in_method'],
      ['created', null],
    ]);
    expect(results[1]!.error_description).toMatch(
      /^invitations\[1\]: carol@elsewhere\.example could not sign in: .*passcodes are off and no rule matches/,
    );
    expect(await guestEmails(tenant)).toEqual(['bob@partner.example', 'dave@elsewhere.example']);

    const forced = await batch(tenant, { invitations: [entries[1]], force: true });
    expect((forced.body.results as Result[])[0]!.status).toBe('created');
  });
});
