import { html } from '../../util/html.js';
import { apiError, seg } from '../admin-client.js';
import type { ApiAnswer } from '../admin-client.js';
import { field, form, when } from '../console-page.js';
import { askedPage, pageOf, rowsPerPage } from '../table-pages.js';
import { tenantUrl } from '../visit.js';
import type { ConsoleRoutes, PageState, Visit } from '../visit.js';

export interface GuestView {
  id: string;
  email: string;
  displayName: string | null;
  state: 'pendingAcceptance' | 'accepted';
  authMethod: string | null;
  federation?: { issuer: string; subject: string };
  redirectUrl: string;
  invitedAt: string;
  redeemedAt: string | null;
  passkeys?: unknown[];
}

/** a remembered consent (GET /admin/v1/tenants/{t}/guests/{id}/consents) */
export interface ConsentView {
  clientId: string;
  scopes: string[];
  claims: string[];
  resources: Record<string, string[]>;
  grantedAt: string;
  updatedAt: string;
}

/** a passkey (GET /admin/v1/tenants/{t}/guests/{id}/passkeys; never its public key) */
export interface PasskeyView {
  id: string;
  createdAt: string;
  lastUsedAt: string | null;
  deviceType: string;
  backedUp: boolean;
  transports: string[];
}

const stateLabel = (g: GuestView) => (g.state === 'accepted' ? 'Redeemed' : 'Pending acceptance');

/** what the table shows: the guests of this page, how many in all, and the links to others */
interface GuestTable {
  shown: GuestView[];
  total: number;
  reply: ApiAnswer;
  page: number;
  pages: number;
  prev?: string | undefined;
  next?: string | undefined;
}

/**
 * Without a search, a page of the API's (newest first, read a page at a time however many
 * guests the tenant has; `after` is the API's cursor, `page` only what the page says it is).
 * A search looks through every guest's address, so it reads them all and pages what matches.
 */
async function guestTable(v: Visit, t: string, q: string): Promise<GuestTable> {
  const list = tenantUrl(t, '/guests');
  if (!q) {
    const after = String(v.ctx.query.after ?? '');
    const query = new URLSearchParams({
      limit: String(rowsPerPage),
      ...(after ? { cursor: after } : {}),
    });
    const reply = await v.api<{ items: GuestView[]; next: string | null; total: number }>(
      'GET',
      `/tenants/${seg(t)}/guests?${query}`,
    );
    const body = reply.status === 200 ? reply.body : { items: [], next: null, total: 0 };
    const page = after ? Math.max(2, askedPage(v)) : 1;
    return {
      shown: body.items,
      total: body.total,
      reply,
      page,
      pages: Math.max(page, Math.ceil(body.total / rowsPerPage)),
      // back to the first page: a cursor pages forward only
      prev: after ? list : undefined,
      next: body.next
        ? `${list}?${new URLSearchParams({ after: body.next, page: String(page + 1) })}`
        : undefined,
    };
  }
  const reply = await v.api<GuestView[]>('GET', `/tenants/${seg(t)}/guests`);
  const found = (reply.status === 200 ? reply.body : [])
    .filter((g) => g.email.includes(q.toLowerCase()))
    .sort((a, b) => b.invitedAt.localeCompare(a.invitedAt));
  const link = (p: number) => `${list}?${new URLSearchParams({ q, page: String(p) })}`;
  return { ...pageOf(v, found, link), total: found.length, reply };
}

async function guestList(v: Visit, t: string, state: PageState) {
  const q = String(v.ctx.query.q ?? '').trim();
  const { shown, total, reply, page, pages, prev, next } = await guestTable(v, t, q);
  v.show(state.error ? state : { ...state, error: apiError(reply) }, {
    title: 'Guests',
    tenant: t,
    body: html`<form method="get" action="${tenantUrl(t, '/guests')}" role="search">
        ${field('Search by address', 'q', { value: q, type: 'search' })}
        <button type="submit">Search</button>
      </form>
      <p class="muted">
        ${total} ${total === 1 ? 'guest' : 'guests'}${q ? html` matching “${q}”` : ''}
        · page ${page} of ${pages}
      </p>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Address</th><th scope="col">Name</th><th scope="col">State</th>
              <th scope="col">Method</th><th scope="col">Invited</th><th scope="col">Redeemed</th>
            </tr>
          </thead>
          <tbody>
            ${shown.map(
              (g) => html`<tr>
                <td><a href="${tenantUrl(t, `/guests/${seg(g.id)}`)}">${g.email}</a></td>
                <td>${g.displayName ?? ''}</td>
                <td>${stateLabel(g)}</td>
                <td>${g.authMethod ?? '—'}</td>
                <td>${when(g.invitedAt)}</td>
                <td>${when(g.redeemedAt)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <nav class="row" aria-label="Pages">
        ${prev ? html`<a href="${prev}" rel="prev">${q ? 'Previous page' : 'First page'}</a>` : ''}
        ${next ? html`<a href="${next}" rel="next">Next page</a>` : ''}
      </nav>
      <p><a href="${tenantUrl(t, '/invitations')}">Invite guests</a></p>`,
  });
}

async function guestPage(v: Visit, t: string, id: string, state: PageState) {
  const reply = await v.api<GuestView>('GET', `/tenants/${seg(t)}/guests/${seg(id)}`);
  if (reply.status !== 200) {
    v.show(
      { ...state, status: reply.status, error: apiError(reply) },
      {
        title: 'Guest',
        tenant: t,
        body: html`<p><a href="${tenantUrl(t, '/guests')}">All guests</a></p>`,
      },
    );
    return;
  }
  const g = reply.body;
  const action = (path: string) => tenantUrl(t, `/guests/${seg(id)}${path}`);
  const base = `/tenants/${seg(t)}/guests/${seg(id)}`;
  const [consentsReply, passkeysReply] = [
    await v.api<ConsentView[]>('GET', `${base}/consents`),
    await v.api<PasskeyView[]>('GET', `${base}/passkeys`),
  ];
  const consents = consentsReply.status === 200 ? consentsReply.body : [];
  const passkeys = passkeysReply.status === 200 ? passkeysReply.body : [];
  const listError = apiError(consentsReply) ?? apiError(passkeysReply);
  v.show(state.error || !listError ? state : { ...state, error: listError }, {
    title: g.email,
    tenant: t,
    body: html`${state.extra ?? ''}
      <dl>
        <dt>Guest id</dt><dd><code>${g.id}</code></dd>
        <dt>Name</dt><dd>${g.displayName ?? '—'}</dd>
        <dt>State</dt><dd>${stateLabel(g)}</dd>
        <dt>Method</dt><dd>${g.authMethod ?? '— (decided when the guest redeems)'}</dd>
        ${g.federation ? html`<dt>Bound to</dt><dd>${g.federation.issuer} · ${g.federation.subject}</dd>` : ''}
        <dt>Invited</dt><dd>${when(g.invitedAt)}</dd>
        <dt>Redeemed</dt><dd>${when(g.redeemedAt)}</dd>
        <dt>Lands on</dt><dd>${g.redirectUrl}</dd>
        <dt>Passkeys</dt><dd>${g.passkeys?.length ?? 0}</dd>
      </dl>
      <section class="card" aria-labelledby="consents-h">
        <h2 id="consents-h">Remembered consents</h2>
        <p>
          What the guest allowed each application, remembered so they are not asked again.
          Revoking one ends that application's tokens for the guest; it asks again at the next
          sign-in.
        </p>
        ${
          consents.length
            ? html`<div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Client</th><th scope="col">Scopes</th><th scope="col">Claims</th>
                    <th scope="col">Resources</th><th scope="col">Granted</th><th scope="col">Updated</th>
                    <th scope="col"><span class="muted">Action</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${consents.map(
                    (c) => html`<tr>
                      <td><code>${c.clientId}</code></td>
                      <td>${c.scopes.join(' ')}</td>
                      <td>${c.claims.join(' ') || '—'}</td>
                      <td>${
                        Object.entries(c.resources)
                          .map(([r, scopes]) => `${r} (${scopes.join(' ')})`)
                          .join(', ') || '—'
                      }</td>
                      <td>${when(c.grantedAt)}</td>
                      <td>${when(c.updatedAt)}</td>
                      <td>${form(
                        action(`/consents/${seg(c.clientId)}/revoke`),
                        v.csrf,
                        html`<button class="danger" type="submit" aria-label="Revoke consent to ${c.clientId}">Revoke</button>`,
                      )}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
            : html`<p class="muted">No remembered consents.</p>`
        }
      </section>
      <section class="card" aria-labelledby="passkeys-h">
        <h2 id="passkeys-h">Passkeys</h2>
        <p>A removed passkey no longer signs the guest in; they can add a new one at their next sign-in.</p>
        ${
          passkeys.length
            ? html`<div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Passkey id</th><th scope="col">Device</th><th scope="col">Backed up</th>
                    <th scope="col">Transports</th><th scope="col">Added</th><th scope="col">Last used</th>
                    <th scope="col"><span class="muted">Action</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${passkeys.map(
                    (p, n) => html`<tr>
                      <td><code>${p.id}</code></td>
                      <td>${p.deviceType === 'multiDevice' ? 'synced (multi-device)' : 'single device'}</td>
                      <td>${p.backedUp ? 'yes' : 'no'}</td>
                      <td>${p.transports.join(', ') || '—'}</td>
                      <td>${when(p.createdAt)}</td>
                      <td>${when(p.lastUsedAt)}</td>
                      <td>${form(
                        action(`/passkeys/${seg(p.id)}/remove`),
                        v.csrf,
                        html`<button class="danger" type="submit" aria-label="Remove passkey ${n + 1} (${p.id})">Remove</button>`,
                      )}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
            : html`<p class="muted">No passkeys.</p>`
        }
      </section>
      ${
        g.state === 'pendingAcceptance'
          ? html`<section class="card" aria-labelledby="resend-h">
            <h2 id="resend-h">Resend the invitation</h2>
            <p>Mails a fresh invitation link to ${g.email}.</p>
            ${form(action('/resend'), v.csrf, html`<button type="submit">Resend invitation</button>`)}
          </section>`
          : ''
      }
      <section class="card" aria-labelledby="reset-h">
        <h2 id="reset-h">Reset redemption</h2>
        <p>
          The guest keeps their id (relying parties see the same <code>sub</code>); their
          method and redemption are cleared, their sessions and tokens end, and the next
          sign-in decides the method anew.
        </p>
        ${form(
          action('/reset-redemption'),
          v.csrf,
          html`<label class="check"><input type="checkbox" name="sendEmail" value="true" checked />Mail the new invitation link</label>
            <button type="submit">Reset redemption</button>`,
        )}
      </section>
      <section class="card" aria-labelledby="delete-h">
        <h2 id="delete-h">Delete this guest</h2>
        <p>Ends their sessions, grants and tokens at once. The address can be invited again, as a new guest with a new id.</p>
        ${form(action('/delete'), v.csrf, html`<button class="danger" type="submit">Delete guest</button>`)}
      </section>
      <p><a href="${tenantUrl(t, '/guests')}">All guests</a></p>`,
  });
}

/** the invitation link a change made, for the page after it (a bearer link: shown once) */
export function invitationLink(reply: ApiAnswer) {
  const redeemUrl = (reply.body as { redeemUrl?: string } | null)?.redeemUrl;
  return redeemUrl ? { label: 'Invitation link', value: redeemUrl } : undefined;
}

export function guestPages(routes: ConsoleRoutes) {
  routes.get('/tenants/:t/guests', async (v) => guestList(v, v.ctx.params.t ?? '', {}));
  routes.get('/tenants/:t/guests/:g', async (v) =>
    guestPage(v, v.ctx.params.t ?? '', v.ctx.params.g ?? '', {}),
  );

  routes.post('/tenants/:t/guests/:g/delete', async (v) => {
    const { t = '', g = '' } = v.ctx.params;
    const reply = await v.api('DELETE', `/tenants/${seg(t)}/guests/${seg(g)}`);
    if (reply.status !== 204) {
      await guestPage(v, t, g, { status: reply.status, error: apiError(reply) });
      return;
    }
    await v.done('Deleted the guest.', tenantUrl(t, '/guests'));
  });

  // DELETE /admin/v1/tenants/{t}/guests/{id}/consents/{clientId}
  routes.post('/tenants/:t/guests/:g/consents/:c/revoke', async (v) => {
    const { t = '', g = '', c = '' } = v.ctx.params;
    const reply = await v.api('DELETE', `/tenants/${seg(t)}/guests/${seg(g)}/consents/${seg(c)}`);
    if (reply.status !== 204) {
      await guestPage(v, t, g, { status: reply.status, error: apiError(reply) });
      return;
    }
    await v.done(`Revoked the consent to ${c}.`, tenantUrl(t, `/guests/${seg(g)}`));
  });

  // DELETE /admin/v1/tenants/{t}/guests/{id}/passkeys/{credentialId}
  routes.post('/tenants/:t/guests/:g/passkeys/:p/remove', async (v) => {
    const { t = '', g = '', p = '' } = v.ctx.params;
    const reply = await v.api('DELETE', `/tenants/${seg(t)}/guests/${seg(g)}/passkeys/${seg(p)}`);
    if (reply.status !== 204) {
      await guestPage(v, t, g, { status: reply.status, error: apiError(reply) });
      return;
    }
    await v.done('Removed the passkey.', tenantUrl(t, `/guests/${seg(g)}`));
  });

  routes.post('/tenants/:t/guests/:g/resend', async (v) => {
    const { t = '', g = '' } = v.ctx.params;
    const guest = await v.api<GuestView>('GET', `/tenants/${seg(t)}/guests/${seg(g)}`);
    const reply =
      guest.status === 200
        ? await v.api('POST', `/tenants/${seg(t)}/invitations`, {
            email: guest.body.email,
            redirectUrl: guest.body.redirectUrl,
            ...(guest.body.displayName ? { displayName: guest.body.displayName } : {}),
            sendEmail: true,
          })
        : guest;
    if (reply.status >= 400) {
      await guestPage(v, t, g, { status: reply.status, error: apiError(reply) });
      return;
    }
    await v.done(
      `Mailed a new invitation to ${guest.body.email}.`,
      tenantUrl(t, `/guests/${seg(g)}`),
      invitationLink(reply),
    );
  });

  // POST /admin/v1/tenants/{t}/guests/{id}/reset-redemption (issue 11 section 2)
  routes.post('/tenants/:t/guests/:g/reset-redemption', async (v) => {
    const { t = '', g = '' } = v.ctx.params;
    const reply = await v.api('POST', `/tenants/${seg(t)}/guests/${seg(g)}/reset-redemption`, {
      sendEmail: v.field('sendEmail') === 'true',
    });
    if (reply.status >= 400) {
      await guestPage(v, t, g, { status: reply.status, error: apiError(reply) });
      return;
    }
    const mailed = v.field('sendEmail') === 'true';
    await v.done(
      `Reset the redemption${mailed ? ' and mailed a new invitation link' : ''}.`,
      tenantUrl(t, `/guests/${seg(g)}`),
      invitationLink(reply),
    );
  });
}
