import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { heading, HttpBrowser } from '../support/http-browser.js';
import {
  invite,
  passcodeSignIn,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';

let world: JourneyWorld;
let rp: RelyingParty;

beforeAll(async () => {
  world = await startJourneyWorld();
  rp = await relyingParty(world.t, 'fabrikam', {
    grantTypes: ['authorization_code', 'refresh_token'],
  });
});
afterAll(async () => world.close());

async function introspect(token: string) {
  const response = await fetch(`${world.t.url}/fabrikam/token/introspection`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${rp.clientId}:${rp.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }),
  });
  return (await response.json()) as { active: boolean };
}

describe('Invitations: the admin invites an email address', () => {
  it.each([
    [{ email: 'not-an-address', redirectUrl: 'https://a.example/' }, 'email'],
    [{ redirectUrl: 'https://a.example/' }, 'email'],
    [{ email: 'a@example.com' }, 'redirectUrl'],
    [{ email: 'a@example.com', redirectUrl: 'javascript:alert(1)' }, 'redirectUrl'],
    [{ email: 'a@example.com', redirectUrl: 'http://evil.example/' }, 'redirectUrl'],
    [{ email: 'a@example.com', redirectUrl: 'https://a.example/', sendEmail: 'yes' }, 'sendEmail'],
    [
      { email: 'a@example.com', redirectUrl: 'https://a.example/', displayName: 'A\r\nB' },
      'displayName',
    ],
  ])('refuses %j naming %s, and creates no guest', async (body, field) => {
    const response = await world.t.admin('POST', '/tenants/fabrikam/invitations', body);
    expect(response.status).toBe(400);
    expect(response.body.error_description).toContain(field);
    const guests = await world.t.admin('GET', '/tenants/fabrikam/guests');
    expect(guests.body.filter((g: { email: string }) => g.email === 'a@example.com')).toHaveLength(
      0,
    );
  });

  it('creates a pending guest with a redeem link; inviting the address again answers the same guest with a new link', async () => {
    const first = await world.t.admin('POST', '/tenants/fabrikam/invitations', {
      email: 'Twice@Example.com',
      redirectUrl: 'https://apps.example.com/',
      sendEmail: false,
      displayName: 'Twice',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      guest: {
        // the canonical form (lower case): what is mailed and what ID tokens say
        email: 'twice@example.com',
        state: 'pendingAcceptance',
        authMethod: null,
        redeemedAt: null,
        displayName: 'Twice',
      },
      emailSent: false,
    });
    const second = await world.t.admin('POST', '/tenants/fabrikam/invitations', {
      email: 'twice@example.com',
      redirectUrl: 'https://apps.example.com/',
      sendEmail: false,
    });
    expect(second.status).toBe(200);
    expect(second.body.guest.id).toBe(first.body.guest.id);
    expect(second.body.redeemUrl).not.toBe(first.body.redeemUrl);
    const listed = await world.t.admin('GET', '/tenants/fabrikam/guests');
    expect(listed.body.map((g: { id: string }) => g.id)).toContain(first.body.guest.id);
    expect(
      (await world.t.admin('GET', `/tenants/fabrikam/guests/${first.body.guest.id}`)).body.email,
    ).toBe('twice@example.com');
    expect((await world.t.admin('GET', '/tenants/fabrikam/guests/nobody')).status).toBe(404);
  });
});

describe('deleting a guest', () => {
  it('ends their sessions, grants and tokens at once; the address can be invited again as a fresh guest', async () => {
    const invitation = await invite(world.t, 'fabrikam', 'leaving@example.com');
    const browser = new HttpBrowser();
    const signIn = new SignIn(rp, browser);
    const callback = await passcodeSignIn(world, signIn, 'leaving@example.com', {
      scope: 'openid email offline_access',
      prompt: 'consent',
    });
    const tokens = await signIn.tokens(callback);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect((await introspect(tokens.access_token)).active).toBe(true);

    expect(
      (await world.t.admin('DELETE', `/tenants/fabrikam/guests/${invitation.guest.id}`)).status,
    ).toBe(204);

    expect((await introspect(tokens.access_token)).active).toBe(false);
    await expect(
      oidc.refreshTokenGrant(rp.config, tokens.refresh_token ?? ''),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    const again = await new SignIn(rp, browser).start();
    expect(heading(again)).toBe('Sign in');

    const reinvited = await invite(world.t, 'fabrikam', 'leaving@example.com');
    expect(reinvited.guest.id).not.toBe(invitation.guest.id);
    expect(reinvited.guest).toMatchObject({ state: 'pendingAcceptance', authMethod: null });
  });
});

describe('listing guests a page at a time', () => {
  /** a tenant of its own with `count` guests, invited in one batch */
  async function tenantWith(count: number) {
    const tenant = `paged-${Math.random().toString(36).slice(2, 8)}`;
    expect((await world.t.admin('POST', '/tenants', { id: tenant, displayName: 'P' })).status).toBe(
      201,
    );
    const invitations = Array.from({ length: count }, (_, i) => ({
      email: `guest-${String(i).padStart(3, '0')}@example.com`,
      redirectUrl: 'https://apps.example.com/',
      sendEmail: false,
    }));
    const batch = await world.t.admin('POST', `/tenants/${tenant}/invitations/batch`, {
      invitations,
    });
    expect(batch.status).toBe(200);
    return tenant;
  }

  it('pages every guest once, newest first, with the total, then no next', async () => {
    const tenant = await tenantWith(7);
    const all = (await world.t.admin('GET', `/tenants/${tenant}/guests`)).body as { id: string }[];
    expect(all).toHaveLength(7);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `limit=3&cursor=${encodeURIComponent(cursor)}` : 'limit=3';
      const page = await world.t.admin('GET', `/tenants/${tenant}/guests?${query}`);
      expect(page.status).toBe(200);
      const body = page.body as {
        items: { id: string; invitedAt: string }[];
        next: string | null;
        total: number;
      };
      expect(body.total).toBe(7);
      seen.push(...body.items.map((g) => g.id));
      cursor = body.next;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect([...seen].sort()).toEqual(all.map((g) => g.id).sort());
    expect(new Set(seen).size).toBe(7);
  });

  it('without limit or cursor answers every guest, as before', async () => {
    const tenant = await tenantWith(2);
    const response = await world.t.admin('GET', `/tenants/${tenant}/guests`);
    expect(Array.isArray(response.body)).toBe(true);
    expect(response.body).toHaveLength(2);
  });

  it.each([
    ['limit=0', 'limit: must be at least 1'],
    ['limit=501', 'limit: must be at most 500'],
    ['limit=ten', 'limit: must be a whole number'],
    ['cursor=abc', 'cursor: must be a cursor from a previous page'],
    ['cursor=2026-01-01T00:00:00.000Z', 'cursor: must be a cursor from a previous page'],
    [
      'cursor=2026-01-01T00:00:00.000Z%2Fid%20with%20spaces',
      'cursor: must be a cursor from a previous page',
    ],
  ])('refuses %s with a 400 naming the field', async (query, description) => {
    const response = await world.t.admin('GET', `/tenants/fabrikam/guests?${query}`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'invalid_request', error_description: description });
  });
});

describe('finding a guest by address', () => {
  it('answers the guest of an address, whatever its case, in one array; none for an address without one', async () => {
    const email = `Found.${Math.random().toString(36).slice(2, 8)}@Example.com`;
    const invited = await invite(world.t, 'fabrikam', email);
    const found = await world.t.admin(
      'GET',
      `/tenants/fabrikam/guests?email=${encodeURIComponent(email.toUpperCase())}`,
    );
    expect(found.status).toBe(200);
    expect(found.body).toEqual([
      expect.objectContaining({ id: invited.guest.id, email: invited.guest.email }),
    ]);
    const none = await world.t.admin('GET', '/tenants/fabrikam/guests?email=nobody%40example.com');
    expect(none).toMatchObject({ status: 200, body: [] });
  });

  it.each([
    ['email=', 'email: must be an email address'],
    ['email=a%40example.com&email=b%40example.com', 'email: must be one email address'],
    ['email=a%40example.com&limit=5', 'email: names one guest, so it takes no limit or cursor'],
  ])('refuses %s with a 400 naming the field', async (query, description) => {
    const response = await world.t.admin('GET', `/tenants/fabrikam/guests?${query}`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'invalid_request', error_description: description });
  });
});
