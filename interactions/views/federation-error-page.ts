import { html } from '../../src/util/html.js';
import { restartButton } from './forms.js';
import { layout } from '../../src/http/layout.js';

/** An upstream sign-in that did not work: what happened, in words, never a stack trace. */
export function federationErrorPage(options: {
  organization: string;
  provider: string;
  message: string;
  restartAction: string;
}): string {
  const { organization, provider, message, restartAction } = options;
  return layout({
    title: 'Sign-in did not work',
    organization,
    body: html`<p class="error" role="alert">${message}</p>
<p class="muted">Identity provider: ${provider}</p>
${restartButton(restartAction)}`,
  });
}
