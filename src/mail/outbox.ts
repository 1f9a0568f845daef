import { randomUUID } from 'node:crypto';
import { assertHeadersSafe } from './header-safety.js';
import type { Mailer, MailMessage } from './mailer.js';

/** A mail the outbox kept, as /dev/outbox shows it. */
export interface OutboxEntry extends MailMessage {
  readonly id: string;
  /** ISO 8601 */
  readonly sentAt: string;
}

/**
 * Dev only: the mails "sent" by the outbox transport, kept in memory so a developer can read
 * a passcode at /dev/outbox. Bounded, so a long-running dev server does not grow forever.
 */
export class Outbox {
  readonly #entries: OutboxEntry[] = [];

  constructor(readonly capacity = 100) {}

  add(message: MailMessage, now: Date = new Date()): OutboxEntry {
    const entry: OutboxEntry = Object.freeze({
      id: randomUUID(),
      sentAt: now.toISOString(),
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      kind: message.kind,
      tenant: message.tenant,
    });
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.shift();
    return entry;
  }

  /** newest first */
  list(): OutboxEntry[] {
    return this.#entries.toReversed();
  }

  /** the newest mail to an address (case-insensitive), for tests and scripts */
  latestFor(to: string): OutboxEntry | undefined {
    const wanted = to.toLowerCase();
    return this.#entries.findLast((e) => e.to.toLowerCase() === wanted);
  }

  clear(): void {
    this.#entries.length = 0;
  }
}

/** The `outbox` transport: records instead of sending, with the same header checks. */
export class OutboxMailer implements Mailer {
  readonly transport = 'outbox';

  constructor(
    readonly outbox: Outbox,
    readonly from = 'Guestpass <no-reply@localhost>',
  ) {}

  async send(message: MailMessage): Promise<void> {
    assertHeadersSafe(message, this.from, this.transport);
    this.outbox.add(message);
  }
}
