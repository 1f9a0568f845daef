import type { SecretBox } from '../../util/secret-box.js';
import type { MailMessage } from '../mailer.js';

/** A mail for the courier: the rendered message and who it is about, for its outcome. */
export interface QueuedMail extends MailMessage {
  /** the tenant's scope (`id:instance`): where its outcome is recorded */
  readonly scope: string;
  /** the guest it is for, when there is one */
  readonly guest?: string | undefined;
  /** the relying party of the sign-in that asked for a passcode */
  readonly client?: string | undefined;
  /** epoch ms after which the mail is worthless (a passcode's expiry) */
  readonly expiresAt?: number | undefined;
}

/** A queue entry: the mail and the instants the courier judges it by (ms, by the clock). */
export interface QueueItem {
  readonly mail: QueuedMail | undefined;
  readonly enqueuedAt: number;
  /** give up at this instant */
  readonly deadline: number;
}

/**
 * The queue entry's fields. The recipient and the content (a passcode's code) are sealed with
 * `box` (AES-256-GCM, keys from COOKIE_SECRETS), so the queue never shows them in plain text;
 * what the outcome is recorded under (tenant, scope, kind, guest, client) is not. A decoy (the
 * Send code of an address that is not invited) is an entry without a mail, so both kinds of
 * Send code do the same work; the courier drops it.
 */
export function toFields(
  mail: QueuedMail | undefined,
  enqueuedAt: number,
  deadline: number,
  box: SecretBox,
): Record<string, string> {
  const times = { enqueuedAt: String(enqueuedAt), deadline: String(deadline) };
  if (!mail) return { v: '1', kind: 'decoy', ...times };
  const { to, subject, text, html } = mail;
  return {
    v: '1',
    kind: mail.kind,
    tenant: mail.tenant,
    scope: mail.scope,
    sealed: box.seal(JSON.stringify({ to, subject, text, html })),
    ...(mail.guest ? { guest: mail.guest } : {}),
    ...(mail.client ? { client: mail.client } : {}),
    ...times,
  };
}

/**
 * The entry back as a QueueItem: undefined for an entry this version cannot read; `mail`
 * undefined for a decoy, or — `unopened` — for a mail no configured secret opens.
 */
export function fromFields(
  fields: Record<string, string>,
  box: SecretBox,
): (QueueItem & { unopened?: { tenant: string; scope: string } }) | undefined {
  const enqueuedAt = Number(fields.enqueuedAt);
  const deadline = Number(fields.deadline);
  if (fields.v !== '1' || !Number.isFinite(enqueuedAt) || !Number.isFinite(deadline))
    return undefined;
  if (fields.kind === 'decoy') return { mail: undefined, enqueuedAt, deadline };
  const { kind, tenant, scope, sealed } = fields;
  if (kind !== 'passcode' && kind !== 'invitation') return undefined;
  if (tenant === undefined || scope === undefined || sealed === undefined) return undefined;
  const opened = box.open(sealed);
  if (opened === undefined)
    return { mail: undefined, enqueuedAt, deadline, unopened: { tenant, scope } };
  const content = JSON.parse(opened) as Pick<QueuedMail, 'to' | 'subject' | 'text' | 'html'>;
  return {
    mail: {
      to: content.to,
      subject: content.subject,
      text: content.text,
      html: content.html,
      kind,
      tenant,
      scope,
      guest: fields.guest,
      client: fields.client,
    },
    enqueuedAt,
    deadline,
  };
}
