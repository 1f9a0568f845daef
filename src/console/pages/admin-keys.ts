import { html } from '../../util/html.js';
import { apiError, seg } from '../admin-client.js';
import { field, form, when } from '../console-page.js';
import { tenantUrl } from '../visit.js';
import type { ConsoleRoutes, PageState, Visit } from '../visit.js';

interface AdminKeyView {
  id: string;
  name: string;
  createdAt: string;
  key?: string;
}

async function keyList(v: Visit, t: string, state: PageState) {
  const reply = await v.api<AdminKeyView[]>('GET', `/tenants/${seg(t)}/admin-keys`);
  const keys = reply.status === 200 ? reply.body : [];
  v.show(state.error ? state : { ...state, error: apiError(reply) }, {
    title: 'Admin keys',
    tenant: t,
    body: html`${state.extra ?? ''}
      <p class="hint">
        A tenant admin key administers this tenant only (in this console, the CLI and the admin
        API). It is shown once, when created, and stored hashed.
      </p>
      <div class="scroll">
        <table>
          <thead><tr><th scope="col">Name</th><th scope="col">Key id</th><th scope="col">Created</th><th scope="col">Action</th></tr></thead>
          <tbody>
            ${keys.map(
              (k) => html`<tr>
                <td>${k.name}</td>
                <td><code>${k.id}</code></td>
                <td>${when(k.createdAt)}</td>
                <td>
                  ${form(
                    tenantUrl(t, `/admin-keys/${seg(k.id)}/delete`),
                    v.csrf,
                    html`<button class="danger" type="submit" aria-label="Delete key ${k.name}">Delete</button>`,
                  )}
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <section class="card" aria-labelledby="create-h">
        <h2 id="create-h">Create an admin key</h2>
        ${form(
          tenantUrl(t, '/admin-keys'),
          v.csrf,
          html`${field('Name', 'name', {
            value: state.values?.name,
            required: true,
            hint: 'Who or what uses it, like "helpdesk" or "provisioning job".',
          })}
            <button type="submit">Create key</button>`,
        )}
      </section>`,
  });
}

export function adminKeyPages(routes: ConsoleRoutes) {
  routes.get('/tenants/:t/admin-keys', async (v) => keyList(v, v.ctx.params.t ?? '', {}));

  routes.post('/tenants/:t/admin-keys', async (v) => {
    const t = v.ctx.params.t ?? '';
    const reply = await v.api<AdminKeyView>('POST', `/tenants/${seg(t)}/admin-keys`, {
      name: v.field('name'),
    });
    if (reply.status !== 201) {
      await keyList(v, t, { status: reply.status, error: apiError(reply), values: v.form });
      return;
    }
    await v.done(`Created admin key ${reply.body.name}.`, tenantUrl(t, '/admin-keys'), {
      label: `Admin key ${reply.body.name}`,
      value: reply.body.key ?? '',
    });
  });

  routes.post('/tenants/:t/admin-keys/:k/delete', async (v) => {
    const { t = '', k = '' } = v.ctx.params;
    const reply = await v.api('DELETE', `/tenants/${seg(t)}/admin-keys/${seg(k)}`);
    if (reply.status !== 204) {
      await keyList(v, t, { status: reply.status, error: apiError(reply) });
      return;
    }
    await v.done('Deleted the admin key.', tenantUrl(t, '/admin-keys'));
  });
}
