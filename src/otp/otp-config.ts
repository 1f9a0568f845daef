export interface OtpConfig {
  readonly ttlSeconds: number;
  readonly length: number;
  /** wrong tries a code survives; the next one voids it */
  readonly maxAttempts: number;
  /** consecutive failures per tenant and email (across resends) before a lockout */
  readonly failureBudget: number;
  readonly lockoutSeconds: number;
  readonly resendCooldownSeconds: number;
  /** codes per address per resend window */
  readonly resendMax: number;
  readonly resendWindowSeconds: number;
}
