import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { methodNotAllowed } from '../../../src/http/errors.js';
import { messages } from '../../../src/http/messages.js';
import { csrfField } from '../../../src/http/form-action.js';
import { readForm } from '../../../src/http/read-body.js';
import { showPage } from '../../../src/http/show-page.js';
import type { SentenceKey } from '../../../src/http/messages/catalog.js';
import { csrfToken, csrfValid } from '../../csrf.js';
import type { MethodRoute } from '../method.js';
import type { RouteContext } from '../../step.js';
import { managePage } from './passkey-pages.js';
import { passkeysEnabled, passkeysPossible } from './passkey-policy.js';
import { passkeysOf } from './passkey-step.js';
import {
  challengeOf,
  challengeSeconds,
  creationOptions,
  parseResponse,
  verifyCreation,
} from './passkey-webauthn.js';

export const passkeysPath = '/passkeys';

const notices: Record<string, SentenceKey> = {
  added: 'passkey.noticeAdded',
  removed: 'passkey.noticeRemoved',
};
const errorsByCode: Record<string, SentenceKey> = {
  failed: 'passkey.errorFailed',
  taken: 'passkey.errorTaken',
};

/**
 * The guest's passkeys page, `{mount}/passkeys`: who the guest is comes from their
 * oidc-provider session with this organization (a sign-in with the passcode, or a passkey).
 * GET lists the passkeys and offers to add one; POSTs (with a CSRF token bound to the
 * session) add or remove one, then 303 back.
 */
async function handle(rc: RouteContext, action: 'show' | 'add' | 'remove') {
  const { ctx, services, tenant, scope, provider, mount, ui } = rc;
  if (action === 'show' ? ctx.method !== 'GET' && ctx.method !== 'HEAD' : ctx.method !== 'POST')
    throw methodNotAllowed(ctx.method);
  const organization = tenant.displayName;
  const unavailable = (text: string) =>
    showPage(ctx, 200, managePage({ organization, ui, unavailable: text }));
  const session = await provider.Session.get(ctx as never);
  const guest = session.accountId
    ? await services.guests.find(scope, session.accountId)
    : undefined;
  if (!guest || guest.state !== 'accepted') {
    return unavailable(ui.t('passkey.signInFirst', { organization }));
  }
  if (!passkeysPossible(services.config))
    return unavailable(ui.t('passkey.notHere', { address: services.config.publicUrl }));
  if (!passkeysEnabled(tenant, services.config))
    return unavailable(ui.t('passkey.turnedOff', { organization }));
  const passkeys = passkeysOf(rc);
  const translated = (key: SentenceKey | undefined) => (key ? ui.t(key) : undefined);
  const sessionTag = `passkeys:${String(session.jti)}`;
  const csrf = csrfToken(services.config.cookieSecrets, scope, sessionTag);
  const page = `${mount.path}${passkeysPath}`;
  const back = (query: string) => {
    ctx.status = 303;
    ctx.redirect(`${page}?${query}`);
  };

  if (action !== 'show') {
    const form = await readForm(ctx);
    if (!csrfValid(services.config.cookieSecrets, scope, sessionTag, form[csrfField])) {
      services.logger.warn('passkey.csrf_failed', { tenant: tenant.id, action });
      throw messages.formRejected();
    }
    if (action === 'remove') {
      const removed = await passkeys.remove(scope, guest.id, form.id ?? '');
      services.logger.info('passkey.removed', { tenant: tenant.id, guest: guest.id, removed });
      return back('done=removed');
    }
    const response = parseResponse<RegistrationResponseJSON>(form.response);
    const challenge = response && challengeOf(response);
    const fresh =
      challenge !== undefined &&
      (await passkeys.takeChallenge(
        scope,
        challenge,
        { purpose: 'register', subject: guest.id },
        services.config.cookieSecrets,
      ));
    const created =
      fresh && response ? await verifyCreation(services.config, response, challenge) : undefined;
    if (!created) {
      services.logger.warn('passkey.not_added', { tenant: tenant.id, guest: guest.id });
      return back('error=failed');
    }
    const added = await passkeys.add(scope, guest.id, created);
    services.logger.info('passkey.added', { tenant: tenant.id, guest: guest.id, result: added });
    return back(added === 'added' ? 'done=added' : 'error=taken');
  }

  const list = await passkeys.list(scope, guest.id);
  const challenge = passkeys.issueChallenge(
    scope,
    { purpose: 'register', subject: guest.id },
    challengeSeconds,
    services.config.cookieSecrets,
  );
  const query = ctx.query;
  showPage(
    ctx,
    200,
    managePage({
      organization,
      ui,
      email: guest.email,
      passkeys: list,
      addAction: { url: `${page}/add`, csrf },
      removeAction: { url: `${page}/remove`, csrf },
      creationOptions: creationOptions(services.config, {
        challenge,
        organization,
        guestId: guest.id,
        email: guest.email,
        existing: list,
      }),
      notice: translated(notices[String(query.done ?? '')]),
      error: translated(errorsByCode[String(query.error ?? '')]),
    }),
  );
}

export const passkeyRoutes: readonly MethodRoute[] = [
  { path: passkeysPath, handle: (rc) => handle(rc, 'show') },
  { path: `${passkeysPath}/add`, handle: (rc) => handle(rc, 'add') },
  { path: `${passkeysPath}/remove`, handle: (rc) => handle(rc, 'remove') },
];
