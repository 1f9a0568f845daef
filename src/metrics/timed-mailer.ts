import type { MailMessage, Mailer } from '../mail/mailer.js';
import type { MetricsSink } from '../util/metrics-sink.js';

/**
 * A mailer that times every send of the one it wraps (retries included, as the guest waits
 * for them) and reports it as sent or failed, by the mail's kind (mailSent).
 */
export class TimedMailer implements Mailer {
  constructor(
    private readonly inner: Mailer,
    private readonly metrics: MetricsSink,
  ) {}

  async send(message: MailMessage): Promise<void> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      await this.inner.send(message);
    } catch (error) {
      this.metrics.mailSent(message.kind, 'failed', seconds());
      throw error;
    }
    this.metrics.mailSent(message.kind, 'sent', seconds());
  }
}
