import { html } from '../../util/html.js';
import { apiError, seg } from '../admin-client.js';
import { field, form, select, when } from '../console-page.js';
import { pageOf } from '../table-pages.js';
import { tenantUrl } from '../visit.js';
import type { ConsoleRoutes, PageState, Visit } from '../visit.js';

export interface TenantView {
  id: string;
  displayName: string;
  policy: { emailOtp: { enabled: boolean }; passkeys?: { enabled: boolean } };
  defaultLanguage?: string | null;
  branding?: {
    logoUrl: string | null;
    accentColor: string | null;
    supportContact: string | null;
  };
  createdAt: string;
  updatedAt: string;
}

/** What the email one-time passcode switch means (README "Policy"; Entra's opt-in and opt-out). */
const policyExplained = html`<ul class="hint">
  <li>
    <strong>On</strong> (a new tenant's setting): a guest whose domain has no federation rule
    signs in with a one-time code mailed to the invited address. A guest who redeemed with a
    code keeps that method; guests who redeemed through federation are not affected.
  </li>
  <li>
    <strong>Off</strong>: guests who redeemed with a code can no longer sign in — their
    sessions and refresh tokens stop working at the next use — until they are deleted and
    invited again (or their redemption is reset). Guests who have not redeemed get "No sign-in
    method" unless federation applies.
  </li>
  <li>A change applies on the next request, on every server.</li>
</ul>`;

/** the languages of pages and mails (src/http/messages/format.ts) */
const languageChoices = [
  ['', 'None (the browser’s language, else English)'],
  ['en', 'English (en)'],
  ['de', 'German (de)'],
  ['fr', 'French (fr)'],
  ['es', 'Spanish (es)'],
] as const;

/** The tenant's default language and branding: the form, filled with what it has or what was typed. */
function brandingSection(v: Visit, t: string, tenant: TenantView, state: PageState) {
  // what was typed in this form (not in another form of the page) is shown again
  const typed = state.values && 'accentColor' in state.values ? state.values : undefined;
  const value = (name: string, stored: string | null | undefined) =>
    typed ? (typed[name] ?? '') : (stored ?? '');
  const b = tenant.branding;
  return html`<section class="card" aria-labelledby="branding-h">
    <h2 id="branding-h">Language and branding</h2>
    <p>
      What guests see on this tenant's pages and in its mails. An empty field removes the
      setting.
    </p>
    ${form(
      tenantUrl(t, '/branding'),
      v.csrf,
      html`${select(
        'Default language',
        'defaultLanguage',
        languageChoices,
        value('defaultLanguage', tenant.defaultLanguage),
      )}
        ${field('Logo URL', 'logoUrl', {
          value: value('logoUrl', b?.logoUrl),
          type: 'url',
          hint: 'An https URL of an image, shown at the top of the pages.',
        })}
        ${field('Accent colour', 'accentColor', {
          value: value('accentColor', b?.accentColor),
          hint: 'A colour like #0969da or #09d, for buttons and links.',
        })}
        ${field('Support contact', 'supportContact', {
          value: value('supportContact', b?.supportContact),
          hint: 'One line, at most 200 characters, shown to guests who need help.',
        })}
        <button type="submit">Save language and branding</button>`,
    )}
  </section>`;
}

async function tenantList(v: Visit, state: PageState) {
  const reply = await v.api<TenantView[]>('GET', '/tenants');
  // the API answers every tenant (ids sorted): the console searches and pages what it shows
  const q = String(v.ctx.query.q ?? '').trim();
  const needle = q.toLowerCase();
  const found = (reply.status === 200 ? reply.body : []).filter(
    (t) => !q || t.id.includes(needle) || t.displayName.toLowerCase().includes(needle),
  );
  const { shown, page, pages, prev, next } = pageOf(
    v,
    found,
    (p) => `/admin/tenants?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`,
  );
  v.show(state.error ? state : { ...state, error: apiError(reply) }, {
    title: 'Tenants',
    body: html`<form method="get" action="/admin/tenants" role="search">
        ${field('Search by id or name', 'q', { value: q, type: 'search' })}
        <button type="submit">Search</button>
      </form>
      <div class="scroll">
        <table>
          <caption class="muted">
            ${found.length} ${found.length === 1 ? 'tenant' : 'tenants'}${q ? html` matching “${q}”` : ''}
            · page ${page} of ${pages}
          </caption>
          <thead>
            <tr><th scope="col">Id</th><th scope="col">Name</th><th scope="col">Passcodes</th><th scope="col">Created</th></tr>
          </thead>
          <tbody>
            ${shown.map(
              (t) => html`<tr>
                <td><a href="${tenantUrl(t.id)}">${t.id}</a></td>
                <td>${t.displayName}</td>
                <td>${t.policy.emailOtp.enabled ? 'on' : 'off'}</td>
                <td>${when(t.createdAt)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <nav class="row" aria-label="Pages">
        ${prev ? html`<a href="${prev}" rel="prev">Previous page</a>` : ''}
        ${next ? html`<a href="${next}" rel="next">Next page</a>` : ''}
      </nav>
      <h2>Create a tenant</h2>
      ${form(
        '/admin/tenants',
        v.csrf,
        html`${field('Tenant id', 'id', {
          value: state.values?.id,
          required: true,
          hint: 'Lowercase letters, digits and hyphens; part of every URL of the tenant (/{id}/…).',
        })}
        ${field('Display name', 'displayName', {
          value: state.values?.displayName,
          required: true,
          hint: 'What guests read on pages and in mail.',
        })}
        <button type="submit">Create tenant</button>`,
      )}`,
  });
}

async function overview(v: Visit, t: string, state: PageState) {
  const reply = await v.api<TenantView>('GET', `/tenants/${seg(t)}`);
  if (reply.status !== 200) {
    v.show(
      { ...state, status: reply.status, error: apiError(reply) },
      {
        title: 'Tenant',
        tenant: t,
        body: html``,
      },
    );
    return;
  }
  const tenant = reply.body;
  const otp = tenant.policy.emailOtp.enabled;
  const operator = v.principal.kind === 'operator';
  v.show(state, {
    title: tenant.displayName,
    tenant: t,
    body: html`<p class="muted">Tenant <code>${tenant.id}</code> · created ${when(tenant.createdAt)}</p>
      <section class="card" aria-labelledby="policy-h">
        <h2 id="policy-h">Email one-time passcodes</h2>
        <p>Passcodes are <strong>${otp ? 'on' : 'off'}</strong> for this tenant.</p>
        ${policyExplained}
        ${form(
          tenantUrl(t, '/policy'),
          v.csrf,
          html`<input type="hidden" name="emailOtp" value="${otp ? 'off' : 'on'}" />
            <button type="submit">${otp ? 'Turn passcodes off' : 'Turn passcodes on'}</button>`,
        )}
      </section>
      ${
        operator
          ? html`${brandingSection(v, t, tenant, state)}
            <section class="card" aria-labelledby="rename-h">
              <h2 id="rename-h">Rename</h2>
              ${form(
                tenantUrl(t, '/rename'),
                v.csrf,
                html`${field('Display name', 'displayName', {
                  value: state.values?.displayName ?? tenant.displayName,
                  required: true,
                })}
                  <button type="submit">Rename</button>`,
              )}
            </section>
            <section class="card" aria-labelledby="delete-h">
              <h2 id="delete-h">Delete this tenant</h2>
              <p>
                Everything the tenant owns is removed: clients, guests, sessions, tokens,
                federation rules, keys and its sign-in log. This cannot be undone.
              </p>
              ${form(
                tenantUrl(t, '/delete'),
                v.csrf,
                html`${field(`Type the tenant id (${t}) to confirm`, 'confirm', { required: true })}
                  <button class="danger" type="submit">Delete tenant</button>`,
              )}
            </section>`
          : html`<p class="muted">
              Language and branding, renaming and deleting a tenant take the operator token.
            </p>`
      }`,
  });
}

export function tenantPages(routes: ConsoleRoutes) {
  routes.get('/tenants', async (v) => {
    if (v.principal.kind === 'tenant') {
      v.ctx.status = 303;
      v.ctx.redirect(tenantUrl(v.principal.tenantId));
      return;
    }
    await tenantList(v, {});
  });

  routes.post('/tenants', async (v) => {
    const id = v.field('id');
    const reply = await v.api('POST', '/tenants', { id, displayName: v.field('displayName') });
    if (reply.status !== 201) {
      await tenantList(v, { status: reply.status, error: apiError(reply), values: v.form });
      return;
    }
    await v.done(`Created tenant ${id}.`, tenantUrl(id));
  });

  routes.get('/tenants/:t', async (v) => overview(v, v.ctx.params.t ?? '', {}));

  routes.post('/tenants/:t/rename', async (v) => {
    const t = v.ctx.params.t ?? '';
    const reply = await v.api('PATCH', `/tenants/${seg(t)}`, {
      displayName: v.field('displayName'),
    });
    if (reply.status !== 200) {
      await overview(v, t, { status: reply.status, error: apiError(reply), values: v.form });
      return;
    }
    await v.done('Renamed the tenant.', tenantUrl(t));
  });

  // PATCH /admin/v1/tenants/{t}: an empty field sends null, which removes the setting
  routes.post('/tenants/:t/branding', async (v) => {
    const t = v.ctx.params.t ?? '';
    const orNull = (name: string) => v.field(name) || null;
    const reply = await v.api('PATCH', `/tenants/${seg(t)}`, {
      defaultLanguage: orNull('defaultLanguage'),
      branding: {
        logoUrl: orNull('logoUrl'),
        accentColor: orNull('accentColor'),
        supportContact: orNull('supportContact'),
      },
    });
    if (reply.status !== 200) {
      await overview(v, t, { status: reply.status, error: apiError(reply), values: v.form });
      return;
    }
    await v.done('Saved the language and branding.', tenantUrl(t));
  });

  routes.post('/tenants/:t/policy', async (v) => {
    const t = v.ctx.params.t ?? '';
    const on = v.field('emailOtp') === 'on';
    const reply = await v.api('PUT', `/tenants/${seg(t)}/policy`, { emailOtp: { enabled: on } });
    if (reply.status !== 200) {
      await overview(v, t, { status: reply.status, error: apiError(reply) });
      return;
    }
    await v.done(`Email one-time passcodes are now ${on ? 'on' : 'off'}.`, tenantUrl(t));
  });

  routes.post('/tenants/:t/delete', async (v) => {
    const t = v.ctx.params.t ?? '';
    if (v.field('confirm') !== t) {
      await overview(v, t, {
        status: 400,
        error: `To delete the tenant, type its id (${t}) exactly.`,
      });
      return;
    }
    const reply = await v.api('DELETE', `/tenants/${seg(t)}`);
    if (reply.status !== 204) {
      await overview(v, t, { status: reply.status, error: apiError(reply) });
      return;
    }
    await v.done(`Deleted tenant ${t}.`, '/admin/tenants');
  });
}
