import { html } from '../../util/html.js';
import { apiError, seg } from '../admin-client.js';
import { field, form, textarea } from '../console-page.js';
import { invitationsFromCsv } from '../csv.js';
import { tenantUrl } from '../visit.js';
import type { ConsoleRoutes, PageState, Visit } from '../visit.js';
import { invitationLink } from './guests.js';

function invitationsPage(v: Visit, t: string, state: PageState) {
  const values = state.values ?? {};
  v.show(state, {
    title: 'Invitations',
    tenant: t,
    body: html`${state.extra ?? ''}
      <section class="card" aria-labelledby="one-h">
        <h2 id="one-h">Invite a guest</h2>
        ${form(
          tenantUrl(t, '/invitations'),
          v.csrf,
          html`${field('Email address', 'email', {
            type: 'email',
            value: values.email,
            required: true,
          })}
            ${field('Display name (optional)', 'displayName', { value: values.displayName })}
            ${field('Redirect URL', 'redirectUrl', {
              type: 'url',
              value: values.redirectUrl,
              required: true,
              hint: 'Where the guest lands after redeeming the invitation (https).',
            })}
            <label class="check"><input type="checkbox" name="sendEmail" value="true" ${values.email && values.sendEmail !== 'true' ? '' : html`checked`} />Send the invitation mail</label>
            <label class="check"><input type="checkbox" name="force" value="true" />Invite even if no sign-in method applies to the address yet</label>
            <button type="submit">Invite</button>`,
        )}
      </section>
      <section class="card" aria-labelledby="bulk-h">
        <h2 id="bulk-h">Invite many guests from a CSV</h2>
        <p class="hint">
          Up to 1000 rows. Columns: email, display name, redirect URL, send invitation message
          (true or false) — Entra's bulk invite template works as it is. Upload the file, or
          paste its text.
        </p>
        ${form(
          tenantUrl(t, '/invitations/batch'),
          v.csrf,
          html`<label for="csv-file">CSV file</label>
            <input id="csv-file" name="file" type="file" accept=".csv,text/csv" />
            ${textarea('Or paste the CSV', 'csv', values.csv ?? '')}
            ${field('Redirect URL for rows without one', 'redirectUrl', {
              type: 'url',
              value: values.redirectUrl,
            })}
            <button type="submit">Invite all</button>`,
          'enctype="multipart/form-data"',
        )}
      </section>`,
  });
}

/** one entry's answer: `{email, status: created | existing | error, guest?, redeemUrl?, error?, error_description?}` */
interface EntryAnswer {
  email?: string;
  status?: string;
  error?: string;
  error_description?: string;
  redeemUrl?: string;
}

/** The batch answer, one row an entry, as the admin API gave it. */
function batchResults(body: unknown) {
  const list = ((body as { results?: EntryAnswer[] } | null)?.results ?? []) as EntryAnswer[];
  const count = (status: string) => list.filter((e) => e.status === status).length;
  return html`<section aria-labelledby="results-h">
    <h2 id="results-h">Results</h2>
    <p role="status">
      ${count('created')} invited, ${count('existing')} already guests (a fresh link),
      ${count('error')} refused.
    </p>
    <div class="scroll">
      <table>
        <thead><tr><th scope="col">Row</th><th scope="col">Address</th><th scope="col">Outcome</th></tr></thead>
        <tbody>
          ${list.map(
            (e, i) => html`<tr>
              <td>${i + 1}</td>
              <td>${e.email ?? ''}</td>
              <td>
                ${
                  e.status === 'error'
                    ? html`<span class="error">${e.error_description ?? e.error ?? 'refused'}</span>`
                    : e.status === 'existing'
                      ? 'already a guest: a fresh link'
                      : 'invited'
                }
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}

export function invitationPages(routes: ConsoleRoutes) {
  routes.get('/tenants/:t/invitations', async (v) => invitationsPage(v, v.ctx.params.t ?? '', {}));

  routes.post('/tenants/:t/invitations', async (v) => {
    const t = v.ctx.params.t ?? '';
    const email = v.field('email');
    const reply = await v.api('POST', `/tenants/${seg(t)}/invitations`, {
      email,
      redirectUrl: v.field('redirectUrl'),
      ...(v.field('displayName') ? { displayName: v.field('displayName') } : {}),
      sendEmail: v.field('sendEmail') === 'true',
      // an address for which no sign-in method applies yet is refused unless forced
      ...(v.field('force') === 'true' ? { force: true } : {}),
    });
    if (reply.status >= 400) {
      invitationsPage(v, t, { status: reply.status, error: apiError(reply), values: v.form });
      return;
    }
    await v.done(
      reply.status === 201 ? `Invited ${email}.` : `${email} was already a guest: a fresh link.`,
      tenantUrl(t, '/invitations'),
      invitationLink(reply),
    );
  });

  // POST /admin/v1/tenants/{t}/invitations/batch: up to 1000 entries, answered per entry
  routes.post(
    '/tenants/:t/invitations/batch',
    async (v) => {
      const t = v.ctx.params.t ?? '';
      const text = v.form.file?.trim() ? v.form.file : (v.form.csv ?? '');
      const values = { csv: v.form.csv ?? '', redirectUrl: v.field('redirectUrl') };
      const parsed = invitationsFromCsv(text, {
        ...(values.redirectUrl ? { redirectUrl: values.redirectUrl } : {}),
      });
      if ('problem' in parsed) {
        invitationsPage(v, t, { status: 400, error: parsed.problem, values });
        return;
      }
      const reply = await v.api('POST', `/tenants/${seg(t)}/invitations/batch`, {
        invitations: parsed.entries,
      });
      if (reply.status >= 400) {
        invitationsPage(v, t, { status: reply.status, error: apiError(reply), values });
        return;
      }
      invitationsPage(v, t, { extra: batchResults(reply.body) });
    },
    { multipart: true },
  );
}
