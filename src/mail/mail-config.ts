/** How mail leaves (MAIL_* and SENDGRID_* variables, config/load-config.ts). */
export interface MailConfig {
  readonly transport: 'sendgrid' | 'smtp' | 'outbox';
  readonly from: string;
  readonly sendgridApiKey: string | undefined;
  readonly sendgridApiUrl: string;
  readonly smtpUrl: string | undefined;
  /** the courier gives a mail up this long after it was queued (MAIL_GIVE_UP_SECONDS) */
  readonly giveUpSeconds: number;
  /** a mail its courier stopped renewing is taken over after this long (MAIL_CLAIM_IDLE_SECONDS) */
  readonly claimIdleSeconds: number;
}
