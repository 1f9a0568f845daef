import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  codesTo,
  isCallback,
  latestCode,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { heading } from '../support/http-browser.js';
import { uniqueId } from '../support/shared-state.js';
import { mailSettled } from '../support/mail-settled.js';

/**
 * Item 12: one canonical form of an address — ASCII dot-atom local part, IDNA-encoded
 * domain, lower case, nothing invisible — used for the invitation, the lookup, the mail and
 * the ID token; everything else is refused with a 400 naming the field.
 */
let world: JourneyWorld;
let rp: RelyingParty;
const tenant = uniqueId('fabrikam');

beforeAll(async () => {
  world = await startJourneyWorld({
    RATE_LIMIT_SENDS_PER_IP: '10000000',
    RATE_LIMIT_VERIFIES_PER_IP: '10000000',
  });
  rp = await relyingParty(world.t, tenant, { displayName: 'Fabrikam', skipConsent: true });
});
afterAll(async () => world.close());

const inviteAs = (email: string) =>
  world.t.admin('POST', `/tenants/${tenant}/invitations`, {
    email,
    redirectUrl: 'https://apps.example.com/',
    sendEmail: false,
  });

const guestEmails = async () =>
  ((await world.t.admin('GET', `/tenants/${tenant}/guests`)).body as { email: string }[]).map(
    (g) => g.email,
  );

describe('addresses the admin API refuses, naming the field', () => {
  it.each([
    ['a NUL', 'ann\u0000@example.com', 'U+0000'],
    ['an ESC', 'ann\u001b[31m@example.com', 'U+001B'],
    ['CR LF and a header after it', 'ann@example.com\r\nBcc: all@example.com', 'U+000D'],
    ['a right-to-left override', '\u202Emoc.elpmaxe@nna', 'U+202E'],
    ['a bidi isolate', 'ann\u2066@example.com', 'U+2066'],
    ['a zero-width space in the local part', 'an\u200Bn@example.com', 'U+200B'],
    ['a zero-width joiner in the domain', 'ann@exa\u200Dmple.com', 'U+200D'],
    ['a soft hyphen', 'ann@exam\u00ADple.com', 'U+00AD'],
    ['a byte-order mark', '\uFEFFann@example.com', 'U+FEFF'],
    ['a no-break space', 'ann\u00A0lee@example.com', 'U+00A0'],
    ['a Kelvin sign (U+212A) for a K in the local part', '\u212Aate@example.com', 'U+212A'],
    ['a Cyrillic a in the local part', '\u0430nn@example.com', 'U+0430'],
    ['two @', 'ann@lee@example.com', 'one @'],
    ['a quoted local part', '"ann lee"@example.com', 'U+0020'],
    ['a double dot', 'ann..lee@example.com', 'double dot'],
    ['a domain without a dot', 'ann@localhost', 'domain name'],
    ['an IP address for a domain', 'ann@192.168.0.1', 'domain name'],
    ['a domain label starting with a hyphen', 'ann@-example.com', 'domain name'],
    ['a local part of 65 characters', `${'a'.repeat(65)}@example.com`, '1 to 64'],
  ])('refuses %s', async (_case, email, named) => {
    const before = (await guestEmails()).length;
    const response = await inviteAs(email);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
    expect(response.body.error_description).toMatch(/^email: /);
    expect(response.body.error_description).toContain(named);
    expect(await guestEmails()).toHaveLength(before);
  });
});

describe('the canonical form, the same for invitation, lookup, mail and claims', () => {
  it.each([
    [
      'surrounding spaces dropped and lower-cased',
      '  Ann.Lee+Tag@Example.COM ',
      'ann.lee+tag@example.com',
    ],
    [
      'an internationalized domain, IDNA-encoded',
      'Anna@Bücher.example',
      'anna@xn--bcher-kva.example',
    ],
    [
      'a Kelvin sign in the domain, mapped as browsers map it',
      'kate@\u212Aelvin.example',
      'kate@kelvin.example',
    ],
    ['full-width letters in the domain', 'ann@ｅｘａｍｐｌｅ.org', 'ann@example.org'],
  ])('%s: %j is stored as %j', async (_case, typed, canonical) => {
    const local = uniqueId('x');
    const typedUnique = typed.replace('@', `.${local}@`);
    const canonicalUnique = canonical.replace('@', `.${local}@`);
    const created = await inviteAs(typedUnique);
    expect(created.status).toBe(201);
    expect(created.body.guest.email).toBe(canonicalUnique);
    // the other spelling is the same guest
    const again = await inviteAs(canonicalUnique);
    expect(again.status).toBe(200);
    expect(again.body.guest.id).toBe(created.body.guest.id);
  });

  it('a guest invited as Anna@Bücher.example signs in typing anna@BÜCHER.example: the code goes to, and the ID token names, anna@xn--bcher-kva.example', async () => {
    const local = uniqueId('anna');
    const canonical = `${local}@xn--bcher-kva.example`;
    const invited = await inviteAs(`${local.toUpperCase()}@Bücher.example`);
    expect(invited.status).toBe(201);
    const signIn = new SignIn(rp);
    const identify = await signIn.start();
    const send = await signIn.browser.submit(identify, 'identify', {
      email: ` ${local}@BÜCHER.example `,
    });
    expect(heading(send)).toBe('Verify your email');
    expect(send.html).toContain(`<strong>${canonical}</strong>`);
    const enter = await signIn.browser.submit(send, 'send');
    expect(await codesTo(world.sendgrid, canonical)).toHaveLength(1);
    let page = await signIn.browser.submit(
      enter,
      'verify',
      { code: await latestCode(world.sendgrid, canonical) },
      isCallback,
    );
    page = await signIn.browser.submit(page, 'accept', { decision: 'accept' }, isCallback);
    expect(isCallback(page.url)).toBe(true);
    const claims = (await signIn.tokens(page.url)).claims();
    expect(claims).toMatchObject({
      sub: invited.body.guest.id,
      email: canonical,
      email_verified: true,
    });
  });

  it('the sign-in page refuses an address with a zero-width space (400, beside the field) and mails nothing', async () => {
    const signIn = new SignIn(rp);
    const identify = await signIn.start();
    await mailSettled();
    const mails = world.sendgrid.requests.length;
    const refused = await signIn.browser.submit(identify, 'identify', {
      email: 'an\u200Bn@example.com',
    });
    expect(refused.status).toBe(400);
    expect(heading(refused)).toBe('Sign in');
    expect(refused.html).toContain('role="alert"');
    expect(refused.html).toContain('aria-invalid="true"');
    await mailSettled();
    expect(world.sendgrid.requests.length).toBe(mails);
  });

  it('a login_hint with a Kelvin sign for a K is not taken as the ASCII address', async () => {
    const local = uniqueId('kate');
    expect((await inviteAs(`${local}@example.com`)).status).toBe(201);
    const signIn = new SignIn(rp);
    const page = await signIn.start({ login_hint: `\u212A${local.slice(1)}@example.com` });
    expect(heading(page)).toBe('Sign in');
  });
});
