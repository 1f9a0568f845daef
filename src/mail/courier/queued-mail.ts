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
 * The queue entry's fields. A decoy (the Send code of an address that is not invited) is an
 * entry without a mail, so both kinds of Send code do the same work; the courier drops it.
 */
export function toFields(
  mail: QueuedMail | undefined,
  enqueuedAt: number,
  deadline: number,
): Record<string, string> {
  const times = { enqueuedAt: String(enqueuedAt), deadline: String(deadline) };
  if (!mail) return { v: '1', kind: 'decoy', ...times };
  return {
    v: '1',
    kind: mail.kind,
    tenant: mail.tenant,
    scope: mail.scope,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    ...(mail.guest ? { guest: mail.guest } : {}),
    ...(mail.client ? { client: mail.client } : {}),
    ...times,
  };
}

/** The entry back as a QueueItem; undefined for an entry this version cannot read. */
export function fromFields(fields: Record<string, string>): QueueItem | undefined {
  const enqueuedAt = Number(fields.enqueuedAt);
  const deadline = Number(fields.deadline);
  if (fields.v !== '1' || !Number.isFinite(enqueuedAt) || !Number.isFinite(deadline))
    return undefined;
  if (fields.kind === 'decoy') return { mail: undefined, enqueuedAt, deadline };
  const { kind, tenant, scope, to, subject, text, html } = fields;
  if (kind !== 'passcode' && kind !== 'invitation') return undefined;
  if ([tenant, scope, to, subject, text, html].some((v) => v === undefined)) return undefined;
  return {
    mail: {
      kind,
      tenant: tenant!,
      scope: scope!,
      to: to!,
      subject: subject!,
      text: text!,
      html: html!,
      guest: fields.guest,
      client: fields.client,
    },
    enqueuedAt,
    deadline,
  };
}
