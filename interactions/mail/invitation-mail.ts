import { html } from '../../src/util/html.js';
import { mailLayout, oneLine } from './mail-layout.js';
import type { MailContent } from './mail-layout.js';

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
}

/** How the guest will confirm it's them: the one sentence for each kind of method. */
function signInSentence(to: string, method: InvitationMailInput['method']): string {
  if (!method) return `When you sign in, you'll be asked to confirm that ${to} is yours.`;
  if (method.amr.includes('otp'))
    return `When you sign in, we'll send a one-time code to ${to} to confirm it's you.`;
  if (method.amr.includes('fed'))
    return `When you sign in, you'll use your own organization's account for ${to}.`;
  return `When you sign in, you'll be asked to confirm it's you (${oneLine(method.label)}).`;
}

/** The invitation mail: who invites, the redeem link, and how signing in will work. */
export function invitationMail({
  organization,
  redeemUrl,
  guestName,
  email,
  method,
}: InvitationMailInput): MailContent {
  // an href must never carry javascript: or data:, even if a caller gets the URL wrong
  if (!/^https?:\/\//i.test(redeemUrl)) throw new Error('redeemUrl must be an http(s) URL');
  const org = oneLine(organization);
  const to = oneLine(email);
  const name = guestName ? oneLine(guestName) : '';
  const subject = `${org} invited you`;
  const howToSignIn = signInSentence(to, method);

  const text = [
    name ? `Hello ${name},` : 'Hello,',
    '',
    `${org} invited you to sign in to their apps as a guest.`,
    '',
    'Accept the invitation:',
    redeemUrl,
    '',
    howToSignIn,
    '',
    "Only accept invitations from organizations you know. If you weren't expecting this",
    'invitation, you can ignore this email.',
    '',
  ].join('\n');

  const body = html`<h1 style="font-size:20px;margin:0 0 16px;">${org} invited you</h1>
    <p>${name ? `Hello ${name},` : 'Hello,'}</p>
    <p><strong>${org}</strong> invited you to sign in to their apps as a guest.</p>
    <p style="margin:24px 0;">
      <a
        href="${redeemUrl}"
        style="background:#0969da;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:6px;display:inline-block;"
        >Accept invitation</a
      >
    </p>
    <p>${howToSignIn}</p>
    <p style="color:#57606a;font-size:14px;">
      If the button does not work, open this link: <a href="${redeemUrl}">${redeemUrl}</a>
    </p>
    <p style="color:#57606a;">
      Only accept invitations from organizations you know. If you weren't expecting this invitation,
      you can ignore this email.
    </p>`;

  return { subject, text, html: mailLayout(subject, body) };
}
