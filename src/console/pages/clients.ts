import { html } from '../../util/html.js';
import { apiError, seg } from '../admin-client.js';
import { field, form, select, textarea, when } from '../console-page.js';
import { tenantUrl } from '../visit.js';
import type { ConsoleRoutes, PageState, Visit } from '../visit.js';

interface ClientView {
  client_id: string;
  client_name?: string;
  client_secret?: string;
  redirect_uris?: string[];
  token_endpoint_auth_method?: string;
  grant_types?: string[];
  [field: string]: unknown;
}

/** the lines of a textarea, each trimmed, blank ones dropped */
const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

const authMethods = [
  ['client_secret_basic', 'client_secret_basic (a secret, HTTP Basic)'],
  ['client_secret_post', 'client_secret_post (a secret in the form)'],
  ['private_key_jwt', 'private_key_jwt (signed with its own key)'],
  ['none', 'none (a public client: PKCE only)'],
] as const;

async function clientList(v: Visit, t: string, state: PageState) {
  const reply = await v.api<ClientView[]>('GET', `/tenants/${seg(t)}/clients`);
  const clients = reply.status === 200 ? reply.body : [];
  const values = state.values ?? {};
  v.show(state.error ? state : { ...state, error: apiError(reply) }, {
    title: 'Clients',
    tenant: t,
    body: html`${state.extra ?? ''}
      <div class="scroll">
        <table>
          <thead><tr><th scope="col">Name</th><th scope="col">Client id</th><th scope="col">Authentication</th></tr></thead>
          <tbody>
            ${clients.map(
              (c) => html`<tr>
                <td><a href="${tenantUrl(t, `/clients/${seg(c.client_id)}`)}">${c.client_name ?? c.client_id}</a></td>
                <td><code>${c.client_id}</code></td>
                <td>${c.token_endpoint_auth_method ?? ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <section class="card" aria-labelledby="register-h">
        <h2 id="register-h">Register a client</h2>
        ${form(
          tenantUrl(t, '/clients'),
          v.csrf,
          html`${field('Client name', 'client_name', { value: values.client_name, required: true })}
            ${textarea(
              'Redirect URIs',
              'redirect_uris',
              values.redirect_uris ?? '',
              'One a line: https, or http on loopback, or a native app scheme.',
            )}
            ${select('Client authentication', 'token_endpoint_auth_method', authMethods, values.token_endpoint_auth_method ?? 'client_secret_basic')}
            ${textarea('Public keys (private_key_jwt only)', 'jwks', values.jwks ?? '', 'A JWK Set as JSON: {"keys": [...]}.')}
            <label class="check"><input type="checkbox" name="refresh_token" value="true" ${values.refresh_token === 'true' ? html`checked` : ''} />Refresh tokens</label>
            <label class="check"><input type="checkbox" name="skip_consent" value="true" ${values.skip_consent === 'true' ? html`checked` : ''} />Skip consent (a first-party app)</label>
            <button type="submit">Register client</button>`,
        )}
      </section>
      <section class="card" aria-labelledby="iat-h">
        <h2 id="iat-h">Initial access token for a developer</h2>
        <p class="hint">
          A developer registers clients with it at <code>${`${t}/reg`}</code> (dynamic client
          registration) until it expires. It is shown once.
        </p>
        ${form(
          tenantUrl(t, '/initial-access-tokens'),
          v.csrf,
          html`${select(
            'Valid for',
            'expiresIn',
            [
              ['3600', '1 hour'],
              ['86400', '1 day'],
              ['604800', '7 days'],
              ['2592000', '30 days'],
            ],
            '86400',
          )}
            <button type="submit">Create token</button>`,
        )}
      </section>`,
  });
}

function clientMetadata(v: Visit): Record<string, unknown> | string {
  const jwks = v.field('jwks');
  let keys: unknown;
  if (jwks) {
    try {
      keys = JSON.parse(jwks);
    } catch {
      return 'jwks: not valid JSON';
    }
  }
  return {
    client_name: v.field('client_name'),
    redirect_uris: lines(v.form.redirect_uris ?? ''),
    token_endpoint_auth_method: v.field('token_endpoint_auth_method') || 'client_secret_basic',
    grant_types:
      v.field('refresh_token') === 'true'
        ? ['authorization_code', 'refresh_token']
        : ['authorization_code'],
    skip_consent: v.field('skip_consent') === 'true',
    ...(keys === undefined ? {} : { jwks: keys }),
  };
}

export function clientPages(routes: ConsoleRoutes) {
  routes.get('/tenants/:t/clients', async (v) => clientList(v, v.ctx.params.t ?? '', {}));

  routes.post('/tenants/:t/clients', async (v) => {
    const t = v.ctx.params.t ?? '';
    const metadata = clientMetadata(v);
    const reply =
      typeof metadata === 'string'
        ? { status: 400, body: { error: 'invalid_request', error_description: metadata } }
        : await v.api<ClientView>('POST', `/tenants/${seg(t)}/clients`, metadata);
    if (reply.status !== 201) {
      await clientList(v, t, { status: reply.status, error: apiError(reply), values: v.form });
      return;
    }
    const client = reply.body as ClientView;
    await v.done(
      `Registered ${client.client_name ?? client.client_id}.`,
      tenantUrl(t, `/clients/${seg(client.client_id)}`),
      client.client_secret ? { label: 'Client secret', value: client.client_secret } : undefined,
    );
  });

  routes.post('/tenants/:t/initial-access-tokens', async (v) => {
    const t = v.ctx.params.t ?? '';
    const reply = await v.api<{ token: string; expiresAt: string }>(
      'POST',
      `/tenants/${seg(t)}/initial-access-tokens`,
      { expiresIn: Number(v.field('expiresIn')) },
    );
    if (reply.status !== 201) {
      await clientList(v, t, { status: reply.status, error: apiError(reply) });
      return;
    }
    await v.done('Created an initial access token.', tenantUrl(t, '/clients'), {
      label: `Initial access token (valid until ${when(reply.body.expiresAt)})`,
      value: reply.body.token,
    });
  });

  routes.get('/tenants/:t/clients/:c', async (v) => {
    const { t = '', c = '' } = v.ctx.params;
    const reply = await v.api<ClientView>('GET', `/tenants/${seg(t)}/clients/${seg(c)}`);
    const client = reply.body;
    const { client_secret: _secret, ...shown } = reply.status === 200 ? client : ({} as ClientView);
    v.show(reply.status === 200 ? {} : { status: reply.status, error: apiError(reply) }, {
      title: reply.status === 200 ? (client.client_name ?? client.client_id) : 'Client',
      tenant: t,
      body: html`${
        reply.status === 200
          ? html`<pre>${JSON.stringify(shown, null, 2)}</pre>
              <section class="card" aria-labelledby="delete-h">
                <h2 id="delete-h">Delete this client</h2>
                <p>Its tokens stop working; relying parties using it can no longer sign anyone in.</p>
                ${form(
                  tenantUrl(t, `/clients/${seg(c)}/delete`),
                  v.csrf,
                  html`<button class="danger" type="submit">Delete client</button>`,
                )}
              </section>`
          : ''
      }
        <p><a href="${tenantUrl(t, '/clients')}">All clients</a></p>`,
    });
  });

  routes.post('/tenants/:t/clients/:c/delete', async (v) => {
    const { t = '', c = '' } = v.ctx.params;
    const reply = await v.api('DELETE', `/tenants/${seg(t)}/clients/${seg(c)}`);
    if (reply.status !== 204) {
      await clientList(v, t, { status: reply.status, error: apiError(reply) });
      return;
    }
    await v.done('Deleted the client.', tenantUrl(t, '/clients'));
  });
}
