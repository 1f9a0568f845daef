import type { Keys } from '../store/keys.js';
import type { Store } from '../store/store.js';
import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';
import type { MailOutcome } from './courier/courier.js';
import { streamPage } from '../store/stream-page.js';

/** One finished mail as the admin API shows it (GET /admin/v1/tenants/{t}/mail). */
export interface MailRecord {
  readonly id: string;
  /** when it was finished (ISO 8601) */
  readonly time: string;
  readonly kind: 'passcode' | 'invitation';
  readonly to: string;
  readonly guest: string | null;
  readonly status: 'sent' | 'not_sent';
  readonly attempts: number;
  /** why it was not sent: a status or an error code, never the mail */
  readonly reason: string | null;
}

/** how many outcomes a tenant's mail log keeps (oldest dropped first) */
export const mailLogCapacity = 10_000;

/** What became of a tenant's mails: sent, or given up and why. Never a code or a body. */
export class MailLog {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly clock: Clock = systemClock,
  ) {}

  async record(outcome: MailOutcome): Promise<void> {
    const { mail } = outcome;
    await this.store.streamAdd(
      this.keys.mailLog(mail.scope),
      {
        time: new Date(this.clock.now()).toISOString(),
        kind: mail.kind,
        to: mail.to,
        ...(mail.guest ? { guest: mail.guest } : {}),
        status: outcome.status,
        attempts: String(outcome.attempts),
        ...(outcome.reason ? { reason: outcome.reason } : {}),
      },
      mailLogCapacity,
    );
  }

  /** newest first; `next` is the cursor of the following page, null at the end */
  async page(
    scope: string,
    limit: number,
    cursor?: string,
  ): Promise<{ items: MailRecord[]; next: string | null }> {
    return streamPage(this.store, this.keys.mailLog(scope), limit, cursor, ({ id, fields }) => ({
      id,
      time: fields.time ?? '',
      kind: (fields.kind === 'invitation' ? 'invitation' : 'passcode') as MailRecord['kind'],
      to: fields.to ?? '',
      guest: fields.guest ?? null,
      status: (fields.status === 'sent' ? 'sent' : 'not_sent') as MailRecord['status'],
      attempts: Number(fields.attempts ?? 0),
      reason: fields.reason ?? null,
    }));
  }
}
