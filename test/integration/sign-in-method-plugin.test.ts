import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { builtInMethods } from '../../src/index.js';
import { approvalMethod } from '../support/methods/approval/approval-method.js';
import {
  invite,
  isCallback,
  latestCode,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld } from '../support/guest-journey.js';
import { heading } from '../support/http-browser.js';

/**
 * A method added as one folder (test/support/methods/approval/) and one registration line
 * (the `methods` option), with no edit to the passcode or federation methods.
 */
let world: JourneyWorld;
let rp: Awaited<ReturnType<typeof relyingParty>>;
const approver = 'approver@fabrikam.example';

beforeAll(async () => {
  world = await startJourneyWorld(
    {},
    { methods: [approvalMethod({ approver, domain: 'approve.test' }), ...builtInMethods] },
  );
  rp = await relyingParty(world.t, 'approvals', { skipConsent: true });
});
afterAll(async () => world?.close());

/** the approval link the approver was mailed */
function approvalLink(): string {
  const mail = world.sendgrid.requests
    .map((r) => JSON.stringify(r.body))
    .filter((b) => b.includes(approver))
    .at(-1);
  const link = mail && /(http:\/\/[^\s"<]+approval\/approve\?[^\s"<\\]+)/.exec(mail)?.[1];
  if (!link) throw new Error('no approval mail');
  return link.replace(/\\u0026/g, '&');
}

describe('a sign-in method registered from outside the built-in registry', () => {
  it('signs a guest in with the test-only approval method; the ID token names it', async () => {
    const guest = await invite(world.t, 'approvals', 'pat@approve.test', { sendEmail: false });
    const signIn = new SignIn(rp);
    const wait = await signIn.start({ login_hint: 'pat@approve.test' });
    expect(heading(wait)).toBe('Waiting for approval');

    // before the approver acts, Continue keeps the guest waiting
    const still = await signIn.browser.submit(wait, 'check', {}, isCallback);
    expect(heading(still)).toBe('Waiting for approval');

    const approved = await fetch(approvalLink());
    expect(approved.status).toBe(200);

    let page = await signIn.browser.submit(still, 'check', {}, isCallback);
    expect(heading(page)).toBe('Accept invitation');
    page = await signIn.browser.submit(page, 'accept', { decision: 'accept' }, isCallback);
    expect(isCallback(page.url)).toBe(true);
    const claims = (await signIn.tokens(page.url)).claims();
    expect(claims).toMatchObject({ sub: guest.guest.id, amr: ['user'], idp: 'approval' });
    const stored = await world.t.admin('GET', `/tenants/approvals/guests/${guest.guest.id}`);
    expect(stored.body).toMatchObject({ state: 'accepted', authMethod: 'approval' });
  });

  it('leaves the built-in methods as they were: other domains still get the passcode', async () => {
    await invite(world.t, 'approvals', 'lee@example.com', { sendEmail: false });
    const signIn = new SignIn(rp);
    const send = await signIn.start({ login_hint: 'lee@example.com' });
    expect(heading(send)).toBe('Verify your email');
    const enter = await signIn.browser.submit(send, 'send');
    const accept = await signIn.browser.submit(enter, 'verify', {
      code: await latestCode(world.sendgrid, 'lee@example.com'),
    });
    expect(heading(accept)).toBe('Accept invitation');
  });

  it('refuses an approval link that was not issued for the journey', async () => {
    const response = await fetch(`${world.t.url}/approvals/approval/approve?uid=nope&token=bad`);
    expect(response.status).toBe(400);
  });
});
