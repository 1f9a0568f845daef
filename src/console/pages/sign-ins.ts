import { html } from '../../util/html.js';
import { apiError, seg } from '../admin-client.js';
import { field, select, when } from '../console-page.js';
import { tenantUrl } from '../visit.js';
import type { ConsoleRoutes } from '../visit.js';

interface SignInEntry {
  id: string;
  time: string;
  email: string;
  client: string;
  method: string | null;
  result: 'success' | 'failure' | 'progress';
  reason: string;
  detail?: string;
}

/** entries read from the API a page (its maximum is 500) */
export const entriesRead = 200;

/**
 * The tenant's sign-in log, newest first, filtered on result, method and address. The API
 * pages the log by cursor without filters: the console reads a page and filters it.
 */
export function signInLogPage(routes: ConsoleRoutes) {
  routes.get('/tenants/:t/sign-ins', async (v) => {
    const t = v.ctx.params.t ?? '';
    const query = v.ctx.query;
    const filter = {
      result: String(query.result ?? ''),
      method: String(query.method ?? '').trim(),
      email: String(query.email ?? '')
        .trim()
        .toLowerCase(),
    };
    const cursor = String(query.cursor ?? '');
    const reply = await v.api<{ items: SignInEntry[]; next: string | null }>(
      'GET',
      `/tenants/${seg(t)}/sign-ins?${new URLSearchParams({ limit: String(entriesRead), ...(cursor ? { cursor } : {}) })}`,
    );
    const items = reply.status === 200 ? reply.body.items : [];
    const shown = items.filter(
      (e) =>
        (!filter.result || e.result === filter.result) &&
        (!filter.method || (e.method ?? '') === filter.method) &&
        (!filter.email || e.email.includes(filter.email)),
    );
    const next = reply.status === 200 ? reply.body.next : null;
    const older = next
      ? `${tenantUrl(t, '/sign-ins')}?${new URLSearchParams({ ...filter, cursor: next })}`
      : undefined;
    v.show(
      { status: reply.status === 200 ? 200 : reply.status, error: apiError(reply) },
      {
        title: 'Sign-in log',
        tenant: t,
        body: html`<form method="get" action="${tenantUrl(t, '/sign-ins')}" role="search">
          ${select(
            'Result',
            'result',
            [
              ['', 'Any result'],
              ['success', 'Success'],
              ['failure', 'Failure'],
              ['progress', 'In progress'],
            ],
            filter.result,
          )}
          ${field('Method', 'method', {
            value: filter.method,
            hint: 'otp, federation, saml, passkey, … (empty: any)',
          })}
          ${field('Address contains', 'email', { value: filter.email, type: 'search' })}
          <button type="submit">Filter</button>
        </form>
        <p class="muted" role="status">
          ${shown.length} of the ${items.length} ${cursor ? 'older ' : 'latest '}attempts match.
        </p>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Time</th><th scope="col">Address</th><th scope="col">Result</th>
                <th scope="col">Method</th><th scope="col">Reason</th><th scope="col">Client</th>
              </tr>
            </thead>
            <tbody>
              ${shown.map(
                (e) => html`<tr>
                  <td>${when(e.time)}</td>
                  <td>${e.email}</td>
                  <td>${e.result}</td>
                  <td>${e.method ?? '—'}</td>
                  <td>${e.reason}${e.detail ? html`<br /><span class="muted">${e.detail}</span>` : ''}</td>
                  <td>${e.client}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
        ${older ? html`<p><a href="${older}">Older attempts</a></p>` : ''}`,
      },
    );
  });
}
