import { html } from '../../src/util/html.js';
import { mailAccent, mailLayout, mailLook, oneLine, supportLines } from './mail-layout.js';
import type { MailContent, MailLook } from './mail-layout.js';
import type { Branding } from '../../src/http/branding.js';

export interface InvitationMailInput {
  /** the inviting tenant's display name */
  readonly organization: string;
  /** where the guest accepts: an http(s) URL we built */
  readonly redeemUrl: string;
  /** the guest's name, when the admin gave one */
  readonly guestName?: string | undefined;
  /** the invited address */
  readonly email: string;
  /**
   * the method resolution chose for the guest (its RFC 8176 `amr` and its label), so the mail
   * says how signing in will work; absent when none applies yet (an invitation with `force`)
   */
  readonly method?: { readonly amr: readonly string[]; readonly label: string } | undefined;
  /** the invitation's language, else the tenant's default language (English without) */
  readonly language?: string | undefined;
  /** the tenant's brand: its accent on the button, its support line */
  readonly brand?: Branding | undefined;
}

/** How the guest will confirm it's them: the one sentence for each kind of method. */
function signInSentence(look: MailLook, email: string, method: InvitationMailInput['method']) {
  const { t } = look.t;
  if (!method) return t('inviteMail.howAny', { email });
  if (method.amr.includes('otp')) return t('inviteMail.howCode', { email });
  if (method.amr.includes('fed')) return t('inviteMail.howFederated', { email });
  return t('inviteMail.howOther', { method: oneLine(method.label) });
}

/** The invitation mail: who invites, the redeem link, and how signing in will work. */
export function invitationMail(input: InvitationMailInput): MailContent {
  const { redeemUrl } = input;
  // an href must never carry javascript: or data:, even if a caller gets the URL wrong
  if (!/^https?:\/\//i.test(redeemUrl)) throw new Error('redeemUrl must be an http(s) URL');
  const look: MailLook = mailLook(input.language, input.brand);
  const { t } = look.t;
  const organization = oneLine(input.organization);
  const email = oneLine(input.email);
  const name = input.guestName ? oneLine(input.guestName) : '';
  const hello = name ? t('inviteMail.helloName', { name }) : t('inviteMail.hello');
  const subject = t('inviteMail.subject', { organization });
  const accent = mailAccent(look);
  const howToSignIn = signInSentence(look, email, input.method);

  const text = [
    hello,
    '',
    t('inviteMail.intro', { organization }),
    '',
    t('inviteMail.acceptLine'),
    redeemUrl,
    '',
    howToSignIn,
    '',
    t('inviteMail.caution'),
    '',
    ...supportLines(look),
  ].join('\n');

  const body = html`<h1 style="font-size:20px;margin:0 0 16px;">${subject}</h1>
    <p>${hello}</p>
    <p>${look.t.html('inviteMail.intro', { organization: html`<strong>${organization}</strong>` })}</p>
    <p style="margin:24px 0;">
      <a
        href="${redeemUrl}"
        style="background:${accent};color:#ffffff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:6px;display:inline-block;"
        >${t('inviteMail.button')}</a
      >
    </p>
    <p>${howToSignIn}</p>
    <p style="color:#57606a;font-size:14px;">
      ${t('inviteMail.fallback')} <a href="${redeemUrl}">${redeemUrl}</a>
    </p>
    <p style="color:#57606a;">${t('inviteMail.caution')}</p>`;

  return { subject, text, html: mailLayout(subject, body, look) };
}
