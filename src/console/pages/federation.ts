import { html } from '../../util/html.js';
import { apiError, seg } from '../admin-client.js';
import { field, form, select, textarea } from '../console-page.js';
import { tenantUrl } from '../visit.js';
import type { ConsoleRoutes, PageState, Visit } from '../visit.js';

/** A rule as the admin API shows it (OpenID or SAML). */
interface RuleView {
  id: string;
  type?: string;
  domains: string[];
  issuer?: string;
  discovery?: string;
  tenants?: string[];
  tenant?: string;
  instance?: string;
  hostedDomain?: string;
  assertionAudience?: string;
  clientId?: string;
  clientAuth?: string;
  publicKey?: { certificate?: string; [k: string]: unknown };
  redirectUri?: string;
  metadataUrl?: string;
  emailAttribute?: string;
  idp?: { entityId: string; ssoUrl: string; certificates: { notAfter: string }[] };
  sp?: { entityId: string; acsUrl: string; metadataUrl: string };
}

/** the fields of the form each type sends (the API checks their values and combinations) */
const fieldsOf: Record<string, readonly string[]> = {
  oidc: [
    'issuer',
    'discovery',
    'tenants',
    'assertionAudience',
    'clientId',
    'clientAuth',
    'clientSecret',
  ],
  entra: ['tenant', 'tenants', 'instance', 'clientId', 'clientAuth', 'clientSecret'],
  google: ['hostedDomain', 'clientId', 'clientAuth', 'clientSecret'],
  saml: ['metadataUrl', 'metadataXml', 'emailAttribute'],
};
const listFields = new Set(['domains', 'tenants']);

/**
 * A rule as the API shows it, as the API takes it again: what the admin wrote, without what
 * the answer adds (redirectUri, publicKey, sp, idp) or what a type fills in (Entra's issuer).
 * Secrets are left out: the API keeps the stored one for the same id, issuer and client.
 */
function asInput(rule: RuleView): Record<string, unknown> {
  const type = rule.type ?? 'oidc';
  const input: Record<string, unknown> = { id: rule.id, domains: rule.domains };
  if (type !== 'oidc') input.type = type;
  if (type === 'google' && rule.issuer) input.issuer = rule.issuer;
  for (const name of fieldsOf[type] ?? []) {
    const value = rule[name as keyof RuleView];
    if (value !== undefined && value !== null) input[name] = value;
  }
  if (type === 'saml' && rule.emailAttribute === 'email') delete input.emailAttribute;
  return input;
}

/** The rule the form describes: the chosen type's non-empty fields. */
function fromForm(v: Visit): Record<string, unknown> {
  const type = v.field('type') || 'oidc';
  const list = (text: string) =>
    text
      .split(/[\s,]+/)
      .map((d) => d.trim())
      .filter(Boolean);
  const rule: Record<string, unknown> = { id: v.field('id'), domains: list(v.field('domains')) };
  if (type !== 'oidc') rule.type = type;
  for (const name of fieldsOf[type] ?? []) {
    const value = name === 'metadataXml' ? (v.form.metadataXml ?? '').trim() : v.field(name);
    if (value === '' || (name === 'clientAuth' && value === 'client_secret')) continue;
    rule[name] = listFields.has(name) ? list(value) : value;
  }
  if (type === 'oidc' && v.field('issuer')) rule.issuer = v.field('issuer');
  return rule;
}

function ruleCard(v: Visit, t: string, rule: RuleView) {
  const type = rule.type ?? 'oidc';
  return html`<section class="card" aria-labelledby="rule-${rule.id}">
    <h2 id="rule-${rule.id}">${rule.id} <span class="muted">(${type})</span></h2>
    <dl>
      <dt>Domains</dt><dd>${rule.domains.join(', ')}</dd>
      ${rule.issuer ? html`<dt>Issuer</dt><dd>${rule.issuer}</dd>` : ''}
      ${rule.clientId ? html`<dt>Client id</dt><dd>${rule.clientId}</dd>` : ''}
      ${
        type !== 'saml'
          ? html`<dt>Client authentication</dt>
            <dd>${rule.clientAuth === 'private_key_jwt' ? 'private_key_jwt (Guestpass holds the key)' : 'client secret (write-only, kept)'}</dd>`
          : ''
      }
      ${
        rule.redirectUri
          ? html`<dt>Callback URL to register upstream</dt><dd><code>${rule.redirectUri}</code></dd>`
          : ''
      }
      ${rule.idp ? html`<dt>IdP entity ID</dt><dd>${rule.idp.entityId}</dd>` : ''}
      ${
        rule.sp
          ? html`<dt>SP entity ID</dt><dd><code>${rule.sp.entityId}</code></dd>
            <dt>ACS URL (HTTP-POST)</dt><dd><code>${rule.sp.acsUrl}</code></dd>
            <dt>SP metadata URL to import upstream</dt><dd><code>${rule.sp.metadataUrl}</code></dd>`
          : ''
      }
    </dl>
    ${
      rule.publicKey?.certificate
        ? html`<details><summary>Certificate to register upstream</summary><pre>${rule.publicKey.certificate}</pre></details>`
        : ''
    }
    <div class="row">
      <a href="${tenantUrl(t, `/federation?edit=${encodeURIComponent(rule.id)}`)}">Edit ${rule.id}</a>
      ${form(
        tenantUrl(t, '/federation/delete'),
        v.csrf,
        html`<input type="hidden" name="id" value="${rule.id}" />
          <button class="danger" type="submit" aria-label="Delete rule ${rule.id}">Delete</button>`,
      )}
    </div>
  </section>`;
}

async function rulesOf(v: Visit, t: string) {
  return v.api<RuleView[]>('GET', `/tenants/${seg(t)}/federation`);
}

/** What an upstream registers for a tenant: the OpenID callback, the SAML SP's URLs. */
export interface UpstreamUrls {
  readonly callback: string;
  readonly sp: { readonly entityId: string; readonly acsUrl: string; readonly metadataUrl: string };
}

export type UpstreamUrlsOf = (tenantId: string) => Promise<UpstreamUrls | undefined>;

async function federationPage(v: Visit, t: string, state: PageState, urlsOf: UpstreamUrlsOf) {
  const reply = await rulesOf(v, t);
  const urls = reply.status === 200 ? await urlsOf(t) : undefined;
  const rules = reply.status === 200 ? reply.body : [];
  const editing = rules.find((r) => r.id === String(v.ctx.query.edit ?? ''));
  const written = (editing ? asInput(editing) : {}) as Record<string, unknown>;
  const value = (name: string) => {
    if (state.values) return state.values[name] ?? '';
    const v1 = written[name];
    return Array.isArray(v1) ? v1.join(', ') : typeof v1 === 'string' ? v1 : '';
  };
  const type = state.values?.type ?? editing?.type ?? 'oidc';
  v.show(state.error ? state : { ...state, error: apiError(reply) }, {
    title: 'Federation rules',
    tenant: t,
    body: html`<p class="hint">
        Guests whose address is in a rule's domains sign in at their own identity provider
        (OpenID Connect or SAML 2.0) instead of with a mailed code.
      </p>
      ${rules.length === 0 ? html`<p>No rules yet.</p>` : rules.map((r) => ruleCard(v, t, r))}
      ${
        urls
          ? html`<section class="card" aria-labelledby="register-h">
            <h2 id="register-h">To register at the identity provider</h2>
            <dl>
              <dt>OpenID Connect redirect (callback) URL</dt><dd><code>${urls.callback}</code></dd>
              <dt>SAML SP metadata URL (import it)</dt><dd><code>${urls.sp.metadataUrl}</code></dd>
              <dt>SAML SP entity ID</dt><dd><code>${urls.sp.entityId}</code></dd>
              <dt>SAML ACS URL (HTTP-POST)</dt><dd><code>${urls.sp.acsUrl}</code></dd>
            </dl>
          </section>`
          : ''
      }
      <section class="card" aria-labelledby="edit-h">
        <h2 id="edit-h">${editing ? `Edit rule ${editing.id}` : 'Add a rule'}</h2>
        ${form(
          tenantUrl(t, '/federation'),
          v.csrf,
          html`<input type="hidden" name="original" value="${state.values?.original ?? editing?.id ?? ''}" />
            ${field('Rule id', 'id', { value: value('id'), required: true })}
            ${select(
              'Type',
              'type',
              [
                ['oidc', 'OpenID Connect (Auth0, Okta, Keycloak, …)'],
                ['entra', 'Microsoft Entra ID'],
                ['google', 'Google'],
                ['saml', 'SAML 2.0'],
              ],
              type,
            )}
            ${field('Domains', 'domains', { value: value('domains'), required: true, hint: 'Separated by commas, like contoso.com, contoso.de.' })}
            <h3>OpenID Connect</h3>
            ${field('Issuer (OpenID Connect)', 'issuer', { value: value('issuer'), type: 'url', hint: 'Exactly as the provider states it.' })}
            ${field('Discovery URL (optional)', 'discovery', { value: value('discovery'), type: 'url' })}
            ${field('Entra tenant (Entra ID)', 'tenant', { value: value('tenant'), hint: 'A tenant id (GUID), organizations or common.' })}
            ${field('Allowed tenants (optional)', 'tenants', { value: value('tenants'), hint: 'Tenant ids, separated by commas (multi-tenant issuers only).' })}
            ${field('Hosted domain (Google, optional)', 'hostedDomain', { value: value('hostedDomain') })}
            ${field('Client id', 'clientId', { value: value('clientId') })}
            ${select(
              'Client authentication',
              'clientAuth',
              [
                ['client_secret', 'Client secret'],
                ['private_key_jwt', 'private_key_jwt (Guestpass creates and holds a key)'],
              ],
              value('clientAuth') || 'client_secret',
            )}
            ${field('Client secret', 'clientSecret', {
              type: 'password',
              hint: editing
                ? 'Write-only: leave empty to keep the stored secret.'
                : 'Write-only: never shown again.',
            })}
            <h3>SAML 2.0</h3>
            ${field('IdP metadata URL (SAML)', 'metadataUrl', { value: value('metadataUrl'), type: 'url' })}
            ${textarea('Or the IdP metadata XML (SAML)', 'metadataXml', state.values?.metadataXml ?? '')}
            ${field('Email attribute (SAML, optional)', 'emailAttribute', { value: value('emailAttribute'), hint: 'Default: email.' })}
            <button type="submit">${editing ? 'Save rule' : 'Add rule'}</button>`,
        )}
        ${editing ? html`<p><a href="${tenantUrl(t, '/federation')}">Cancel editing</a></p>` : ''}
      </section>`,
  });
}

/** Replaces the tenant's rules (the API takes the whole list) and shows its answer. */
async function saveRules(
  urlsOf: UpstreamUrlsOf,
  v: Visit,
  t: string,
  rules: Record<string, unknown>[],
  notice: string,
  keep: PageState,
) {
  const reply = await v.api('PUT', `/tenants/${seg(t)}/federation`, rules);
  if (reply.status !== 200) {
    await federationPage(v, t, { ...keep, status: reply.status, error: apiError(reply) }, urlsOf);
    return;
  }
  await v.done(notice, tenantUrl(t, '/federation'));
}

export function federationPages(routes: ConsoleRoutes, urlsOf: UpstreamUrlsOf) {
  routes.get('/tenants/:t/federation', async (v) =>
    federationPage(v, v.ctx.params.t ?? '', {}, urlsOf),
  );

  routes.post('/tenants/:t/federation', async (v) => {
    const t = v.ctx.params.t ?? '';
    const current = await rulesOf(v, t);
    const { clientSecret: _secret, ...values } = v.form;
    if (current.status !== 200) {
      await federationPage(
        v,
        t,
        { status: current.status, error: apiError(current), values },
        urlsOf,
      );
      return;
    }
    const original = v.field('original');
    const rule = fromForm(v);
    const others = current.body.filter((r) => r.id !== original).map(asInput);
    const at = current.body.findIndex((r) => r.id === original);
    const rules = [...others];
    rules.splice(at < 0 ? rules.length : at, 0, rule);
    await saveRules(urlsOf, v, t, rules, `Saved rule ${String(rule.id)}.`, { values });
  });

  routes.post('/tenants/:t/federation/delete', async (v) => {
    const t = v.ctx.params.t ?? '';
    const current = await rulesOf(v, t);
    if (current.status !== 200) {
      await federationPage(v, t, { status: current.status, error: apiError(current) }, urlsOf);
      return;
    }
    const id = v.field('id');
    await saveRules(
      urlsOf,
      v,
      t,
      current.body.filter((r) => r.id !== id).map(asInput),
      `Deleted rule ${id}.`,
      {},
    );
  });
}
