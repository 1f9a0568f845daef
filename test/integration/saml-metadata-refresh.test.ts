import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/util/clock.js';
import { heading, HttpBrowser } from '../support/http-browser.js';
import {
  invite,
  isCallback,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { startSamlIdp } from '../support/saml-idp.js';
import type { SamlAnswer, SamlIdp } from '../support/saml-idp.js';
import { uniqueId } from '../support/shared-state.js';

// Guestpass's clock decides when metadata is old; the IdP and node-saml keep real time
const clock = new ManualClock(Date.now());
let world: JourneyWorld;
let idp: SamlIdp;
let rp: RelyingParty;
let tenant: string;
const alice: SamlAnswer = { nameId: 'n-alice', email: 'alice@partner.example' };

beforeAll(async () => {
  world = await startJourneyWorld({}, { clock });
  idp = await startSamlIdp(alice);
  tenant = uniqueId('contoso');
  rp = await relyingParty(world.t, tenant, { displayName: 'Contoso' });
  const saved = await world.t.admin('PUT', `/tenants/${tenant}/federation`, [
    { id: 'partner', type: 'saml', domains: ['partner.example'], metadataUrl: idp.metadataUrl },
  ]);
  expect(saved.status).toBe(200);
});
afterAll(async () => {
  await world.close();
  await idp.stop();
});

/** the page after the IdP's form was posted back: the invitation, or the error page */
async function signIn(answer: SamlAnswer) {
  idp.answer = answer;
  const browser = new HttpBrowser();
  const identify = await new SignIn(rp, browser).start();
  const atIdp = await browser.submit(identify, 'identify', { email: 'alice@partner.example' });
  expect(atIdp.url.startsWith(`${idp.url}/sso`)).toBe(true);
  return heading(await browser.submit(atIdp, 'acs', {}, isCallback));
}

const storedCertificates = async () =>
  (await world.t.admin('GET', `/tenants/${tenant}/federation`)).body[0].idp.certificates.map(
    (c: { certificate: string }) => c.certificate,
  );

describe('a metadata URL is read again when a sign-in uses it a day later', () => {
  it('a new signing key is refused within the day, accepted once the metadata is a day old; an IdP whose metadata is down keeps the stored certificates', async () => {
    await invite(world.t, tenant, 'alice@partner.example');
    await idp.rotate(); // published: the old next key (signing now) and a new next key
    const newNext = idp.keys[1];
    expect(await signIn({ ...alice, key: newNext })).toBe('Sign-in did not work');

    clock.advance(25 * 3600);
    expect(await signIn({ ...alice, key: newNext })).toBe('Accept invitation');
    expect(await storedCertificates()).toEqual([idp.keys[0].certificate, newNext.certificate]);

    // a day later the metadata is down: the stored certificates still verify
    idp.metadataDown = 503;
    await idp.rotate();
    clock.advance(25 * 3600);
    expect(await signIn({ ...alice, key: newNext })).toBe('Accept invitation');
    expect(await storedCertificates()).toContain(newNext.certificate);
    expect(await storedCertificates()).not.toContain(idp.keys[1].certificate);
    // up again: retried an hour later, not at every sign-in before that
    idp.metadataDown = undefined;
    expect(await signIn({ ...alice, key: idp.keys[1] })).toBe('Sign-in did not work');
    clock.advance(3601);
    expect(await signIn({ ...alice, key: idp.keys[1] })).toBe('Accept invitation');
  });
});
