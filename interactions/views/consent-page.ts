import { html } from '../../src/util/html.js';
import { actionForm } from './forms.js';
import type { FormAction } from './forms.js';
import { layout } from '../../src/http/layout.js';

const described: Record<string, string> = {
  openid: 'sign you in',
  email: 'see your email address',
  profile: 'see your name',
  offline_access: 'stay signed in when you are not using it',
};

/** The guest lets an application of the tenant use their identity. */
export function consentPage(options: {
  organization: string;
  clientName: string;
  scopes: string[];
  action: FormAction;
}): string {
  const { organization, clientName, scopes, action } = options;
  return layout({
    title: 'Allow access?',
    organization,
    body: html`<p><strong>${clientName}</strong> would like to:</p>
      <ul>
        ${scopes.map((s) => html`<li>${described[s] ?? s}</li>`)}
      </ul>
      ${actionForm(
        action,
        html`<button type="submit" name="decision" value="allow" autofocus>Allow</button>
          <button class="secondary" type="submit" name="decision" value="deny">Deny</button>`,
      )}`,
  });
}
