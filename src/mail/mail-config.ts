/** How mail leaves (MAIL_* and SENDGRID_* variables, config/load-config.ts). */
export interface MailConfig {
  readonly transport: 'sendgrid' | 'smtp' | 'outbox';
  readonly from: string;
  readonly sendgridApiKey: string | undefined;
  readonly sendgridApiUrl: string;
  readonly smtpUrl: string | undefined;
}
