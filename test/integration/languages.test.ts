import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buttons, heading, HttpBrowser } from '../support/http-browser.js';
import type { Page } from '../support/http-browser.js';
import {
  invite,
  isCallback,
  latestCode,
  relyingParty,
  SignIn,
  startJourneyWorld,
} from '../support/guest-journey.js';
import type { JourneyWorld, RelyingParty } from '../support/guest-journey.js';
import { mailSettled } from '../support/mail-settled.js';
import type { SendGridStandIn } from '../support/sendgrid-stand-in.js';
import { uniqueId } from '../support/shared-state.js';

interface SentMail {
  subject: string;
  personalizations: { to: { email: string }[] }[];
  content: { type: string; value: string }[];
}

/** the newest mail the SendGrid stand-in received for an address, once the courier delivered it */
async function lastMailTo(sendgrid: SendGridStandIn, email: string) {
  await mailSettled();
  const mail = sendgrid.requests
    .map((r) => r.body as SentMail)
    .filter((b) => b.personalizations?.some((p) => p.to.some((to) => to.email === email)))
    .at(-1);
  if (!mail) throw new Error(`no mail to ${email}`);
  const part = (type: string) => mail.content.find((c) => c.type === type)?.value ?? '';
  return { subject: mail.subject, text: part('text/plain'), html: part('text/html') };
}

/** French writes a no-break space between a number and its unit: compared as a space */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
const htmlLang = (page: Page | string) =>
  /<html lang="([^"]*)"/.exec(typeof page === 'string' ? page : page.html)?.[1];

let world: JourneyWorld;
let rp: RelyingParty;
const tenant = 'fabrikam';

beforeAll(async () => {
  // a code valid for 60 s: its lifetime reads "1 minute" (singular) in every language
  world = await startJourneyWorld({ OTP_TTL_SECONDS: '60' });
  rp = await relyingParty(world.t, tenant, { displayName: 'Fabrikam' });
});
afterAll(async () => world.close());

/** what each language's pages and mails say (written out here, not read from the catalogs) */
const expected = {
  en: {
    identify: 'Sign in',
    send: 'Verify your email',
    enter: 'Enter code',
    validFor: 'It is valid for 1 minute.',
    codeSubject: 'Your Fabrikam verification code',
    codeExpires: 'The code expires in 1 minute.',
    accept: 'Accept invitation',
    acceptButton: 'Accept',
    inviteSubject: 'Fabrikam invited you',
    inviteButton: 'Accept invitation',
    expiredTitle: 'Sign-in expired',
    expiredText: 'This sign-in page has expired.',
    errorCode: 'Error code:',
  },
  de: {
    identify: 'Anmelden',
    send: 'E-Mail-Adresse bestätigen',
    enter: 'Code eingeben',
    validFor: 'Er ist 1 Minute lang gültig.',
    codeSubject: 'Ihr Bestätigungscode für Fabrikam',
    codeExpires: 'Der Code läuft in 1 Minute ab.',
    accept: 'Einladung annehmen',
    acceptButton: 'Annehmen',
    inviteSubject: 'Fabrikam hat Sie eingeladen',
    inviteButton: 'Einladung annehmen',
    expiredTitle: 'Anmeldung abgelaufen',
    expiredText: 'Diese Anmeldeseite ist abgelaufen.',
    errorCode: 'Fehlercode:',
  },
  fr: {
    identify: 'Connexion',
    send: 'Vérifiez votre adresse e-mail',
    enter: 'Saisissez le code',
    validFor: 'Il est valable 1 minute.',
    codeSubject: 'Votre code de vérification Fabrikam',
    codeExpires: 'Le code expire dans 1 minute.',
    accept: 'Accepter l’invitation',
    acceptButton: 'Accepter',
    inviteSubject: 'Fabrikam vous a invité',
    inviteButton: 'Accepter l’invitation',
    expiredTitle: 'Connexion expirée',
    expiredText: 'Cette page de connexion a expiré.',
    errorCode: 'Code d’erreur :',
  },
  es: {
    identify: 'Iniciar sesión',
    send: 'Verifique su correo electrónico',
    enter: 'Introduzca el código',
    validFor: 'Es válido durante 1 minuto.',
    codeSubject: 'Su código de verificación de Fabrikam',
    codeExpires: 'El código caduca dentro de 1 minuto.',
    accept: 'Aceptar la invitación',
    acceptButton: 'Aceptar',
    inviteSubject: 'Fabrikam le ha invitado',
    inviteButton: 'Aceptar la invitación',
    expiredTitle: 'Inicio de sesión caducado',
    expiredText: 'Esta página de inicio de sesión ha caducado.',
    errorCode: 'Código de error:',
  },
} as const;

describe.each(Object.keys(expected) as (keyof typeof expected)[])(
  'pages and mails in %s',
  (lang) => {
    const words = expected[lang];
    const browser = () => new HttpBrowser(() => ({ 'accept-language': `${lang};q=0.9, ja;q=0.5` }));

    it('identify page, code page, code mail and accept page, in the browser’s language', async () => {
      const email = `${uniqueId('guest')}@contoso.example`;
      await invite(world.t, tenant, email, { sendEmail: false });
      const signIn = new SignIn(rp, browser());

      const identify = await signIn.start();
      expect(htmlLang(identify)).toBe(lang);
      expect(heading(identify)).toBe(words.identify);

      const send = await signIn.browser.submit(identify, 'identify', { email });
      expect(heading(send)).toBe(words.send);
      expect(htmlLang(send)).toBe(lang);

      const enter = await signIn.browser.submit(send, 'send');
      expect(heading(enter)).toBe(words.enter);
      expect(plain(enter.html)).toContain(words.validFor);

      // the code mail is in the language the guest used on the pages
      const mail = await lastMailTo(world.sendgrid, email);
      expect(mail.subject).toBe(words.codeSubject);
      expect(plain(mail.text)).toContain(words.codeExpires);
      expect(plain(mail.html)).toContain(words.codeExpires);
      expect(htmlLang(mail.html)).toBe(lang);

      const accept = await signIn.browser.submit(enter, 'verify', {
        code: await latestCode(world.sendgrid, email),
      });
      expect(heading(accept)).toBe(words.accept);
      expect(buttons(accept)).toContain(words.acceptButton);
      expect(accept.html).toContain(`<strong>${email}</strong>`);
    });

    it('the invitation mail is in the invitation’s language', async () => {
      const email = `${uniqueId('invited')}@contoso.example`;
      await invite(world.t, tenant, email, { language: lang });
      const mail = await lastMailTo(world.sendgrid, email);
      expect(mail.subject).toBe(words.inviteSubject);
      expect(mail.html).toContain(words.inviteButton);
      expect(htmlLang(mail.html)).toBe(lang);
      expect(mail.text).toContain(email);
    });

    it('an error page is in the browser’s language; its code and the JSON answer are not translated', async () => {
      const page = await browser().request(`${world.t.url}/${tenant}/interaction/no-such-sign-in`);
      expect(page.status).toBe(400);
      expect(htmlLang(page)).toBe(lang);
      expect(heading(page)).toBe(words.expiredTitle);
      expect(page.html).toContain(words.expiredText);
      expect(page.html).toContain(`${words.errorCode} <code>sign_in_expired</code>`);

      const json = await fetch(`${world.t.url}/${tenant}/interaction/no-such-sign-in`, {
        headers: { accept: 'application/json', 'accept-language': lang },
      });
      expect(await json.json()).toEqual({
        error: 'sign_in_expired',
        error_description:
          'This sign-in page has expired. Go back to the application and sign in again.',
      });
    });
  },
);

describe('which language', () => {
  const other = 'lang-order';
  let otherRp: RelyingParty;
  beforeAll(async () => {
    otherRp = await relyingParty(world.t, other, { displayName: 'Contoso' });
    const set = await world.t.admin('PATCH', `/tenants/${other}`, { defaultLanguage: 'fr' });
    expect(set.status).toBe(200);
    expect(set.body.defaultLanguage).toBe('fr');
  });

  it.each([
    ['ui_locales beats Accept-Language and the tenant default', 'es', 'de', 'Iniciar sesión'],
    ['an unsupported ui_locales falls through to Accept-Language', 'ja', 'de', 'Anmelden'],
    ['Accept-Language beats the tenant default', undefined, 'de-AT, en;q=0.8', 'Anmelden'],
    ['q-values order Accept-Language', undefined, 'en;q=0.2, es;q=0.8', 'Iniciar sesión'],
    [
      'the tenant default applies when the browser names no supported language',
      undefined,
      'ja',
      'Connexion',
    ],
    ['the tenant default applies without Accept-Language', undefined, undefined, 'Connexion'],
  ])('%s', async (_name, uiLocales, acceptLanguage, title) => {
    const signIn = new SignIn(
      otherRp,
      new HttpBrowser((): Record<string, string> =>
        acceptLanguage ? { 'accept-language': acceptLanguage } : {},
      ),
    );
    const page = await signIn.start(uiLocales ? { ui_locales: uiLocales } : {});
    expect(heading(page)).toBe(title);
  });

  it('discovery lists the languages a relying party may ask for with ui_locales', async () => {
    const discovery = await fetch(`${world.t.url}/${other}/.well-known/openid-configuration`);
    expect(
      ((await discovery.json()) as { ui_locales_supported?: string[] }).ui_locales_supported,
    ).toEqual(['en', 'de', 'fr', 'es']);
  });

  it('ui_locales is kept for the whole interaction, on every page of it', async () => {
    const email = `${uniqueId('kept')}@contoso.example`;
    await invite(world.t, other, email, { sendEmail: false });
    const signIn = new SignIn(otherRp, new HttpBrowser(() => ({ 'accept-language': 'de' })));
    const identify = await signIn.start({ ui_locales: 'es-MX' });
    const send = await signIn.browser.submit(identify, 'identify', { email });
    expect(heading(send)).toBe('Verifique su correo electrónico');
    await signIn.browser.submit(send, 'send');
    expect((await lastMailTo(world.sendgrid, email)).subject).toBe(
      'Su código de verificación de Contoso',
    );
  });

  it('the invitation mail uses the tenant default when the invitation names no language', async () => {
    const email = `${uniqueId('default')}@contoso.example`;
    await invite(world.t, other, email);
    expect((await lastMailTo(world.sendgrid, email)).subject).toBe('Contoso vous a invité');
  });

  it('refuses an unknown language, naming the field', async () => {
    const bad = await world.t.admin('PATCH', `/tenants/${other}`, { defaultLanguage: 'xx' });
    expect(bad.status).toBe(400);
    expect(bad.body.error_description).toMatch(/^defaultLanguage: must be one of en, de, fr, es/);
    const invitation = await world.t.admin('POST', `/tenants/${other}/invitations`, {
      email: 'x@contoso.example',
      redirectUrl: 'https://apps.example.com/',
      language: 'klingon',
    });
    expect(invitation.status).toBe(400);
    expect(invitation.body.error_description).toMatch(/^language: must be one of/);
  });

  it('null removes the default language', async () => {
    const id = uniqueId('lang-null');
    expect(
      (await world.t.admin('POST', '/tenants', { id, displayName: 'X', defaultLanguage: 'de' }))
        .body.defaultLanguage,
    ).toBe('de');
    const cleared = await world.t.admin('PATCH', `/tenants/${id}`, { defaultLanguage: null });
    expect(cleared.body.defaultLanguage).toBeNull();
  });
});

describe('declining the invitation', () => {
  async function acceptPage(browserHeaders: Record<string, string> = {}) {
    const email = `${uniqueId('decline')}@contoso.example`;
    await invite(world.t, tenant, email, { sendEmail: false });
    const signIn = new SignIn(rp, new HttpBrowser(() => browserHeaders));
    const identify = await signIn.start();
    const send = await signIn.browser.submit(identify, 'identify', { email });
    const enter = await signIn.browser.submit(send, 'send');
    const accept = await signIn.browser.submit(enter, 'verify', {
      code: await latestCode(world.sendgrid, email),
    });
    expect(accept.html).toContain('name="decision" value="cancel"');
    return { signIn, accept, email };
  }

  it('Cancel shows a page written to the guest, with a way back to the application', async () => {
    const { signIn, accept } = await acceptPage();
    const declined = await signIn.browser.submit(accept, 'accept', { decision: 'cancel' });
    expect(declined.status).toBe(200);
    expect(heading(declined)).toBe('Invitation declined');
    expect(declined.html).toContain('You declined the invitation from Fabrikam.');
    expect(declined.html).toContain(
      'You can close this window now, or go back to the application.',
    );
    expect(buttons(declined)).toEqual([
      'Go back to the application',
      'Review the invitation again',
    ]);

    // back to the application: it learns the guest declined (access_denied), nobody is signed in
    const back = await signIn.browser.submit(declined, 'leave', {}, isCallback);
    const callback = new URL(back.url);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('error_description')).toBe(
      'the guest did not accept the invitation',
    );
  });

  it('the guest may review the invitation again and accept it after all', async () => {
    const { signIn, accept } = await acceptPage();
    const declined = await signIn.browser.submit(accept, 'accept', { decision: 'cancel' });
    const again = await signIn.browser.submit(declined, 'review');
    expect(heading(again)).toBe('Accept invitation');
    const consent = await signIn.browser.submit(again, 'accept', { decision: 'accept' });
    expect(heading(consent)).toBe('Allow access?');
  });

  it('is written in the guest’s language', async () => {
    const { signIn, accept } = await acceptPage({ 'accept-language': 'de' });
    const declined = await signIn.browser.submit(accept, 'accept', { decision: 'cancel' });
    expect(heading(declined)).toBe('Einladung abgelehnt');
    expect(declined.html).toContain('Sie haben die Einladung von Fabrikam abgelehnt.');
  });

  it('from the invitation link there is no application to go back to: close the window', async () => {
    const email = `${uniqueId('link')}@contoso.example`;
    const invitation = await invite(world.t, tenant, email, { sendEmail: false });
    const browser = new HttpBrowser();
    const send = await browser.go(invitation.redeemUrl);
    expect(heading(send)).toBe('Verify your email');
    const enter = await browser.submit(send, 'send');
    const accept = await browser.submit(enter, 'verify', {
      code: await latestCode(world.sendgrid, email),
    });
    const declined = await browser.submit(accept, 'accept', { decision: 'cancel' });
    expect(heading(declined)).toBe('Invitation declined');
    expect(declined.html).toContain('You can close this window now.');
    expect(buttons(declined)).toEqual(['Review the invitation again']);
  });
});
