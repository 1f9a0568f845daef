import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateClientKey } from '../../src/federation/client-key.js';
import { heading, HttpBrowser, postFormOf } from '../support/http-browser.js';
import type { Page } from '../support/http-browser.js';
import {
  invite,
  isCallback,
  mailsTo,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { startSamlIdp } from '../support/saml-idp.js';
import type { SamlAnswer, SamlIdp } from '../support/saml-idp.js';
import { uniqueId } from '../support/shared-state.js';

let world: JourneyWorld;
let idp: SamlIdp;

beforeAll(async () => {
  world = await startJourneyWorld();
  idp = await startSamlIdp({ nameId: 'n-alice', email: 'alice@partner.example' });
});
afterAll(async () => {
  await world.close();
  await idp.stop();
});

const alice: SamlAnswer = { nameId: 'n-alice', email: 'alice@partner.example' };

/** a fresh tenant with a SAML rule for partner.example (metadata by URL unless given inline) */
async function newTenant(rule: Record<string, unknown> = { metadataUrl: idp.metadataUrl }) {
  const tenant = uniqueId('contoso');
  const rp = await relyingParty(world.t, tenant, { displayName: 'Contoso' });
  const response = await world.t.admin('PUT', `/tenants/${tenant}/federation`, [
    { id: 'partner-saml', type: 'saml', domains: ['partner.example'], ...rule },
  ]);
  expect(response.status).toBe(200);
  return { tenant, rp, rules: response.body };
}

const guestOf = async (tenant: string, id: string) =>
  (await world.t.admin('GET', `/tenants/${tenant}/guests/${id}`)).body;

/**
 * From the RP through the IdP's auto-submitting form back to Guestpass: the browser posts the
 * form (SAMLResponse, RelayState) to the ACS as a browser does, and follows the redirects.
 */
async function samlSignIn(rp: RelyingParty, email: string, answer: SamlAnswer) {
  idp.answer = answer;
  const browser = new HttpBrowser();
  const signIn = new SignIn(rp, browser);
  const identify = await signIn.start();
  const atIdp = await browser.submit(identify, 'identify', { email }, isCallback);
  expect(atIdp.url.startsWith(`${idp.url}/sso`)).toBe(true);
  const page = await browser.submit(atIdp, 'acs', {}, isCallback);
  return { signIn, browser, page, atIdp };
}

async function finish(browser: HttpBrowser, page: Page) {
  let current = page;
  if (heading(current) === 'Accept invitation')
    current = await browser.submit(current, 'accept', { decision: 'accept' }, isCallback);
  if (heading(current) === 'Allow access?')
    current = await browser.submit(current, 'consent', { decision: 'allow' }, isCallback);
  return current;
}

/** a refused response: the error page, the guest not redeemed, nothing bound */
async function expectRefused(
  tenant: string,
  guestId: string,
  page: Page,
  why = 'answered in a way we could not trust',
) {
  expect(page.status).toBe(403);
  expect(heading(page)).toBe('Sign-in did not work');
  expect(page.html).toContain(why);
  expect(await guestOf(tenant, guestId)).toMatchObject({ state: 'pendingAcceptance' });
  expect((await guestOf(tenant, guestId)).federation).toBeUndefined();
}

describe('SAML 2.0 federation: a guest whose domain has a SAML rule signs in at their IdP', () => {
  it('the rule answers what the partner registers; the SP metadata is served per tenant', async () => {
    const { tenant, rules } = await newTenant();
    expect(rules).toEqual([
      expect.objectContaining({
        id: 'partner-saml',
        type: 'saml',
        metadataUrl: idp.metadataUrl,
        emailAttribute: 'email',
        idp: expect.objectContaining({ entityId: idp.entityId, ssoUrl: `${idp.url}/sso` }),
        sp: {
          entityId: `${world.t.url}/${tenant}/saml/metadata`,
          acsUrl: `${world.t.url}/${tenant}/saml/acs`,
          metadataUrl: `${world.t.url}/${tenant}/saml/metadata`,
        },
      }),
    ]);
    // both of the IdP's signing certificates are kept (rotation)
    expect(rules[0].idp.certificates).toHaveLength(2);
    const metadata = await fetch(`${world.t.url}/${tenant}/saml/metadata`);
    expect(metadata.status).toBe(200);
    const xml = await metadata.text();
    expect(xml).toContain(`entityID="${world.t.url}/${tenant}/saml/metadata"`);
    expect(xml).toContain(`Location="${world.t.url}/${tenant}/saml/acs"`);
    expect(xml).toContain('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
    expect(xml).toContain('X509Certificate');
    // the same rules read back, OIDC rules beside them untouched
    expect((await world.t.admin('GET', `/tenants/${tenant}/federation`)).body).toEqual(rules);
  });

  it('signs in end to end over HTTP-POST: amr fed, idp = the entity ID, bound to (entity ID, NameID), no mail', async () => {
    const { tenant, rp } = await newTenant();
    const invitation = await invite(world.t, tenant, 'alice@partner.example');
    const mails = await mailsTo(world.sendgrid, 'alice@partner.example');
    const { signIn, browser, page } = await samlSignIn(rp, 'alice@partner.example', alice);
    expect(idp.requests.at(-1)).toMatchObject({
      acs: `${world.t.url}/${tenant}/saml/acs`,
      signed: true,
    });
    expect(heading(page)).toBe('Accept invitation');
    const callback = await finish(browser, page);
    expect(isCallback(callback.url)).toBe(true);
    const claims = (await signIn.tokens(callback.url)).claims();
    expect(claims).toMatchObject({
      sub: invitation.guest.id,
      email: 'alice@partner.example',
      amr: ['fed'],
      idp: idp.entityId,
    });
    expect(await guestOf(tenant, invitation.guest.id)).toMatchObject({
      state: 'accepted',
      authMethod: 'saml',
      federation: { issuer: idp.entityId, subject: 'n-alice' },
    });
    expect(await mailsTo(world.sendgrid, 'alice@partner.example')).toBe(mails);
    // the sign-in log: resolution by the SAML rule, then a success by method saml
    const log = (await world.t.admin('GET', `/tenants/${tenant}/sign-ins?limit=50`)).body.items as {
      method: string;
      result: string;
      reason: string;
      detail?: string;
    }[];
    expect(log).toContainEqual(
      expect.objectContaining({
        reason: 'resolved',
        detail: 'rule partner-saml (SAML): domain partner.example',
      }),
    );
    expect(log).toContainEqual(expect.objectContaining({ method: 'saml', result: 'success' }));
    // signing in again: the same (entity ID, NameID) even if the email attribute changed
    const again = await samlSignIn(rp, 'alice@partner.example', {
      ...alice,
      email: 'alice.renamed@partner.example',
    });
    expect(isCallback((await finish(again.browser, again.page)).url)).toBe(true);
  });

  it('a bound guest is refused when the IdP asserts another NameID with the same email', async () => {
    const { tenant, rp } = await newTenant();
    const invitation = await invite(world.t, tenant, 'alice@partner.example');
    const first = await samlSignIn(rp, 'alice@partner.example', alice);
    expect(isCallback((await finish(first.browser, first.page)).url)).toBe(true);
    const { page } = await samlSignIn(rp, 'alice@partner.example', { ...alice, nameId: 'n-other' });
    expect(page.status).toBe(403);
    expect(page.html).toContain('not the one you accepted');
    expect(await guestOf(tenant, invitation.guest.id)).toMatchObject({
      federation: { issuer: idp.entityId, subject: 'n-alice' },
    });
  });

  it('the asserted email must equal the invited address', async () => {
    const { tenant, rp } = await newTenant();
    const invitation = await invite(world.t, tenant, 'alice@partner.example');
    const { page } = await samlSignIn(rp, 'alice@partner.example', {
      nameId: 'n-mallory',
      email: 'mallory@partner.example',
    });
    await expectRefused(tenant, invitation.guest.id, page, 'not the address Contoso invited');
  });

  it("the rule's emailAttribute names the attribute read (an OID, as Shibboleth releases mail); another attribute is not read", async () => {
    const mail = 'urn:oid:0.9.2342.19200300.100.1.3';
    const { tenant, rp } = await newTenant({ metadataUrl: idp.metadataUrl, emailAttribute: mail });
    const invitation = await invite(world.t, tenant, 'alice@partner.example');
    const refused = await samlSignIn(rp, 'alice@partner.example', alice); // sends "email"
    await expectRefused(
      tenant,
      invitation.guest.id,
      refused.page,
      'not the address Contoso invited',
    );
    const { browser, page } = await samlSignIn(rp, 'alice@partner.example', {
      ...alice,
      emailAttribute: mail,
    });
    expect(isCallback((await finish(browser, page)).url)).toBe(true);
  });

  it('rotation: a response signed with the next certificate of the metadata signs in; a key not in it is refused', async () => {
    const { tenant, rp } = await newTenant();
    const invitation = await invite(world.t, tenant, 'alice@partner.example');
    const stranger = await generateClientKey('not the IdP');
    const refused = await samlSignIn(rp, 'alice@partner.example', { ...alice, key: stranger });
    await expectRefused(tenant, invitation.guest.id, refused.page);
    const { browser, page } = await samlSignIn(rp, 'alice@partner.example', {
      ...alice,
      key: idp.keys[1],
    });
    expect(isCallback((await finish(browser, page)).url)).toBe(true);
  });

  it('rotation at the IdP: after the old key is retired, saving the rule again reads the new certificates', async () => {
    // an IdP of this test's own: rotating it must not change the other tests' IdP
    const own = await startSamlIdp(alice);
    try {
      const tenant = uniqueId('contoso');
      const rp = await relyingParty(world.t, tenant, { displayName: 'Contoso' });
      const rules = [
        { id: 'own', type: 'saml', domains: ['partner.example'], metadataUrl: own.metadataUrl },
      ];
      expect((await world.t.admin('PUT', `/tenants/${tenant}/federation`, rules)).status).toBe(200);
      const invitation = await invite(world.t, tenant, 'alice@partner.example');
      const retired = own.keys[0];
      await own.rotate(); // the next key signs now; a new next key is published
      const viaOwn = async (answer: SamlAnswer) => {
        own.answer = answer;
        const browser = new HttpBrowser();
        const identify = await new SignIn(rp, browser).start();
        const atIdp = await browser.submit(identify, 'identify', {
          email: 'alice@partner.example',
        });
        expect(atIdp.url.startsWith(`${own.url}/sso`)).toBe(true);
        return { browser, page: await browser.submit(atIdp, 'acs', {}, isCallback) };
      };
      // the new current key was the published next one: it verifies at once
      const current = await viaOwn({ ...alice, key: own.keys[0] });
      expect(heading(current.page)).toBe('Accept invitation');
      // the new next key is unknown until the rule is saved again; the retired key stays known
      const unknown = await viaOwn({ ...alice, key: own.keys[1] });
      await expectRefused(tenant, invitation.guest.id, unknown.page);
      expect((await world.t.admin('PUT', `/tenants/${tenant}/federation`, rules)).status).toBe(200);
      const saved = (await world.t.admin('GET', `/tenants/${tenant}/federation`)).body;
      expect(saved[0].idp.certificates.map((c: { certificate: string }) => c.certificate)).toEqual([
        own.keys[0].certificate,
        own.keys[1].certificate,
      ]);
      const retiredNow = await viaOwn({ ...alice, key: retired });
      await expectRefused(tenant, invitation.guest.id, retiredNow.page);
      const next = await viaOwn({ ...alice, key: own.keys[1] });
      expect(isCallback((await finish(next.browser, next.page)).url)).toBe(true);
    } finally {
      await own.stop();
    }
  });

  it('a rule given by metadata XML works the same; a signed response (not assertion) is accepted', async () => {
    const { tenant, rp } = await newTenant({ metadataXml: idp.metadata() });
    await invite(world.t, tenant, 'alice@partner.example');
    const { browser, page } = await samlSignIn(rp, 'alice@partner.example', {
      ...alice,
      sign: 'response',
    });
    expect(isCallback((await finish(browser, page)).url)).toBe(true);
  });
});

describe('SAML responses Guestpass refuses (one test per attack)', () => {
  const refuse = (name: string, answer: () => SamlAnswer, why?: string) =>
    it(name, async () => {
      const { tenant, rp } = await newTenant();
      const invitation = await invite(world.t, tenant, 'alice@partner.example');
      const { page } = await samlSignIn(rp, 'alice@partner.example', answer());
      await expectRefused(tenant, invitation.guest.id, page, why);
    });

  refuse('an unsigned response and assertion', () => ({ ...alice, sign: 'none' }));

  refuse('XML signature wrapping: a forged assertion beside the signed one', () => ({
    nameId: 'n-mallory',
    email: 'mallory@partner.example',
    tamper: (xml) => {
      const forged = forgedAssertion(xml);
      return xml.replace('<saml:Assertion ', `${forged}<saml:Assertion `);
    },
  }));

  refuse(
    'XML signature wrapping: the signed assertion moved into Extensions, a forged one with its ID in its place',
    () => ({
      nameId: 'n-mallory',
      email: 'mallory@partner.example',
      tamper: (xml) => {
        const signed = /<saml:Assertion [\s\S]*<\/saml:Assertion>/.exec(xml)?.[0] ?? '';
        return xml
          .replace(signed, forgedAssertion(xml))
          .replace(
            '<samlp:Status>',
            `<samlp:Extensions>${signed}</samlp:Extensions><samlp:Status>`,
          );
      },
    }),
  );

  refuse(
    'XML signature wrapping: the forged assertion wraps the signed one inside its Signature',
    () => ({
      nameId: 'n-mallory',
      email: 'mallory@partner.example',
      tamper: (xml) => {
        const signed = /<saml:Assertion [\s\S]*<\/saml:Assertion>/.exec(xml)?.[0] ?? '';
        const forged = forgedAssertion(xml).replace(
          '</saml:Issuer>',
          `</saml:Issuer><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:Object>${signed}</ds:Object></ds:Signature>`,
        );
        return xml.replace(signed, forged);
      },
    }),
  );

  refuse(
    'comment injection: a comment splits a signed NameID and email (alice@partner.example<!---->.evil.test)',
    () => ({
      nameId: 'alice@partner.example.evil.test',
      email: 'alice@partner.example.evil.test',
      tamper: (xml) =>
        xml.replaceAll('alice@partner.example.evil.test', 'alice@partner.example<!---->.evil.test'),
    }),
    // the signature still holds (comments are outside it): the whole text is read, not invited
    'not the address Contoso invited',
  );

  refuse('a signature by a key not in the IdP metadata', () => ({
    ...alice,
    key: { privateKey: strangerKey.privateKey, certificate: strangerKey.certificate },
  }));

  refuse('an Audience that is not this tenant', () => ({
    ...alice,
    audience: 'https://other-sp.example/saml/metadata',
  }));

  refuse("a Recipient that is not this tenant's ACS", () => ({
    ...alice,
    recipient: 'https://other-sp.example/saml/acs',
  }));

  refuse("a Destination that is not this tenant's ACS", () => ({
    ...alice,
    destination: 'https://other-sp.example/saml/acs',
  }));

  refuse('an expired assertion (NotOnOrAfter beyond the skew)', () => ({
    ...alice,
    notBefore: -600,
    notOnOrAfter: -120,
  }));

  refuse('an assertion not yet valid (NotBefore beyond the skew)', () => ({
    ...alice,
    notBefore: 300,
    notOnOrAfter: 600,
  }));

  refuse('an InResponseTo of a request this browser did not start', () => ({
    ...alice,
    inResponseTo: '_not-a-request-of-this-browser',
  }));

  refuse('an unsolicited response (no InResponseTo)', () => ({ ...alice, inResponseTo: null }));

  refuse('an assertion from another issuer', () => ({
    ...alice,
    issuer: 'https://evil.example/idp',
  }));

  it('replay: the same response posted again is refused (the request is single use)', async () => {
    const { tenant, rp } = await newTenant();
    await invite(world.t, tenant, 'alice@partner.example');
    const { browser, page, atIdp } = await samlSignIn(rp, 'alice@partner.example', alice);
    expect(isCallback((await finish(browser, page)).url)).toBe(true);
    const form = postFormOf(atIdp, 'acs');
    const replayed = await browser.go(form.action, { form: form.hidden }, isCallback);
    expect(replayed.status).toBeGreaterThanOrEqual(400);
    expect(isCallback(replayed.url)).toBe(false);
  });

  it('the ACS parks a response only for a sign-in in progress: an unknown RelayState is refused', async () => {
    const { tenant } = await newTenant();
    const browser = new HttpBrowser();
    const page = await browser.request(`${world.t.url}/${tenant}/saml/acs`, {
      form: { SAMLResponse: Buffer.from('<x/>').toString('base64'), RelayState: 'a'.repeat(43) },
    });
    expect(page.status).toBe(400);
    expect(heading(page)).toBe('Sign-in expired');
  });

  it('replay cache: an assertion ID seen before is refused even in a new, valid request', async () => {
    const { tenant, rp } = await newTenant();
    const invitation = await invite(world.t, tenant, 'alice@partner.example');
    const assertionId = `_replayed${Date.now()}`;
    const first = await samlSignIn(rp, 'bob@partner.example', {
      nameId: 'n-bob',
      email: 'bob@partner.example',
      assertionId,
    });
    expect(first.page.status).toBe(403); // bob is not invited; his assertion ID is now used
    const { page } = await samlSignIn(rp, 'alice@partner.example', { ...alice, assertionId });
    await expectRefused(tenant, invitation.guest.id, page);
  });
});

let strangerKey: { privateKey: string; certificate: string };
beforeAll(async () => {
  strangerKey = await generateClientKey('stranger');
});

/** the signed assertion with alice as its subject, unsigned (what a wrapping attacker forges) */
function forgedAssertion(xml: string): string {
  const signed = /<saml:Assertion [\s\S]*<\/saml:Assertion>/.exec(xml)?.[0] ?? '';
  return signed
    .replace(/<(ds:)?Signature[\s\S]*<\/(ds:)?Signature>/, '')
    .replaceAll('n-mallory', 'n-alice')
    .replaceAll('mallory@partner.example', 'alice@partner.example');
}
