import type { Config } from '../../config/config.js';
import { ConfigError, loadConfig } from '../../config/load-config.js';
import type { SignInMethod } from '../../interactions/methods/method.js';
import type { FederationRuleInput } from '../federation/rule.js';
import type { Mailer } from '../mail/mailer.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

/** What a host gives createGuestpassPlugin. Every setting has the default of its variable. */
export interface GuestpassPluginOptions {
  /** the one organization ("tenant") this provider serves; `id` as tenant ids */
  organization: { id: string; name: string };
  /** Redis 7+ (`redis://` or `rediss://`); without it the embedded in-process store */
  redisUrl?: string;
  /** a Redis Cluster's seed nodes (`host:port`) instead of redisUrl (as REDIS_CLUSTER_NODES) */
  redisClusterNodes?: string[];
  /** TLS to every node, and the ACL user every node requires (REDIS_CLUSTER_TLS, _USERNAME, _PASSWORD) */
  redisCluster?: { tls?: boolean; username?: string; password?: string };
  /** keys are prefixed with this (default `gp:`), so several apps can share one Redis */
  redisKeyPrefix?: string;
  /** as MAIL_TRANSPORT, SENDGRID_API_KEY, SENDGRID_API_URL, SMTP_URL and MAIL_FROM */
  mail: {
    transport: 'sendgrid' | 'smtp' | 'outbox';
    apiKey?: string;
    apiUrl?: string;
    smtpUrl?: string;
    from?: string;
    /** as MAIL_GIVE_UP_SECONDS and MAIL_CLAIM_IDLE_SECONDS (README "Mail") */
    giveUpSeconds?: number;
    claimIdleSeconds?: number;
  };
  /** cookie and sealing secrets, each 32+ characters; the first signs, the rest verify */
  secrets: string[];
  /** where the host app is reached: pages, links in mail and callbacks use it */
  publicUrl: string;
  /** passcode settings (OTP_* variables) */
  otp?: {
    ttlSeconds?: number;
    length?: number;
    maxAttempts?: number;
    failureBudget?: number;
    lockoutSeconds?: number;
    resendCooldownSeconds?: number;
    resendMax?: number;
    resendWindowSeconds?: number;
  };
  /** per-IP limits on Send code and code checks (RATE_LIMIT_* variables) */
  rateLimits?: { windowSeconds?: number; sendsPerIp?: number; verifiesPerIp?: number };
  /** the organization's policy, applied at start (default: passcodes on) */
  policy?: { emailOtp: { enabled: boolean } };
  /** federation rules for the organization's guests (as FEDERATION_RULES) */
  federation?: { rules?: FederationRuleInput[]; timeoutSeconds?: number };
  invitationTtlSeconds?: number;
  sessionTtlSeconds?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** a logger instead of the JSON-lines one */
  logger?: Logger;
  /**
   * Prometheus metrics (README "Metrics"), for the host to serve: `true`, or
   * `{ processMetrics: true }` to add prom-client's `process_*` and `nodejs_*` as well (off by
   * default: a host usually reports its own process). The plugin's `metrics` then answers
   * the exposition text.
   */
  metrics?: boolean | { processMetrics?: boolean };
  /** sign-in methods in resolution order (default: federation, then the passcode) */
  methods?: readonly SignInMethod[];
  /** a store instead of redisUrl's (tests) */
  store?: Store;
  /** a mailer instead of mail's (tests) */
  mailer?: Mailer;
  /** where time comes from (tests) */
  clock?: Clock;
}

/** option name for each variable, so a problem names what the host wrote */
const optionNames: Record<string, string> = {
  PUBLIC_URL: 'publicUrl',
  REDIS_URL: 'redisUrl',
  REDIS_CLUSTER_NODES: 'redisClusterNodes',
  REDIS_CLUSTER_TLS: 'redisCluster.tls',
  REDIS_CLUSTER_USERNAME: 'redisCluster.username',
  REDIS_CLUSTER_PASSWORD: 'redisCluster.password',
  REDIS_KEY_PREFIX: 'redisKeyPrefix',
  MAIL_TRANSPORT: 'mail.transport',
  MAIL_FROM: 'mail.from',
  SENDGRID_API_KEY: 'mail.apiKey',
  SENDGRID_API_URL: 'mail.apiUrl',
  SMTP_URL: 'mail.smtpUrl',
  MAIL_GIVE_UP_SECONDS: 'mail.giveUpSeconds',
  MAIL_CLAIM_IDLE_SECONDS: 'mail.claimIdleSeconds',
  COOKIE_SECRETS: 'secrets',
  OTP_TTL_SECONDS: 'otp.ttlSeconds',
  OTP_LENGTH: 'otp.length',
  OTP_MAX_ATTEMPTS: 'otp.maxAttempts',
  OTP_FAILURE_BUDGET: 'otp.failureBudget',
  OTP_LOCKOUT_SECONDS: 'otp.lockoutSeconds',
  OTP_RESEND_COOLDOWN_SECONDS: 'otp.resendCooldownSeconds',
  OTP_RESEND_MAX: 'otp.resendMax',
  OTP_RESEND_WINDOW_SECONDS: 'otp.resendWindowSeconds',
  RATE_LIMIT_WINDOW_SECONDS: 'rateLimits.windowSeconds',
  RATE_LIMIT_SENDS_PER_IP: 'rateLimits.sendsPerIp',
  RATE_LIMIT_VERIFIES_PER_IP: 'rateLimits.verifiesPerIp',
  FEDERATION_RULES: 'federation.rules',
  FEDERATION_TIMEOUT_SECONDS: 'federation.timeoutSeconds',
  INVITATION_TTL_SECONDS: 'invitationTtlSeconds',
  SESSION_TTL_SECONDS: 'sessionTtlSeconds',
  LOG_LEVEL: 'logLevel',
};

const text = (value: unknown) => (value === undefined ? undefined : String(value));

/** the `metrics` option as the type says: absent, a boolean, or `{ processMetrics?: boolean }` */
function validMetrics(option: unknown): boolean {
  if (option === undefined || typeof option === 'boolean') return true;
  if (typeof option !== 'object' || option === null || Array.isArray(option)) return false;
  const { processMetrics, ...rest } = option as { processMetrics?: unknown };
  return (
    Object.keys(rest).length === 0 &&
    (processMetrics === undefined || typeof processMetrics === 'boolean')
  );
}

/**
 * The plugin's options as a Config, checked by the same rules (and the same messages) as the
 * server's variables, each problem naming the option. Every problem is reported at once.
 */
export async function pluginConfig(options: GuestpassPluginOptions): Promise<Config> {
  const problems: string[] = [];
  const secrets = Array.isArray(options.secrets) ? options.secrets : [];
  if (!secrets.length) problems.push('secrets: at least one secret of 32+ characters is required');
  if (secrets.some((s) => typeof s !== 'string' || s.includes(',')))
    problems.push('secrets: each secret must be a string without commas');
  else if (secrets.some((s) => s.length < 32))
    problems.push('secrets: each secret must be at least 32 characters');
  if (!options.publicUrl) problems.push('publicUrl: required (where the host app is reached)');
  if (!options.mail?.transport)
    problems.push('mail.transport: required (sendgrid, smtp or outbox)');
  if (!validMetrics(options.metrics))
    problems.push('metrics: true, false or { processMetrics: true | false }');
  const { otp = {}, rateLimits = {}, federation = {} } = options;
  const env: Record<string, string | undefined> = {
    PUBLIC_URL: options.publicUrl,
    REDIS_URL: options.redisUrl,
    REDIS_CLUSTER_NODES: text(options.redisClusterNodes),
    REDIS_CLUSTER_TLS: text(options.redisCluster?.tls),
    REDIS_CLUSTER_USERNAME: options.redisCluster?.username,
    REDIS_CLUSTER_PASSWORD: options.redisCluster?.password,
    REDIS_KEY_PREFIX: options.redisKeyPrefix,
    MAIL_TRANSPORT: options.mail?.transport,
    MAIL_FROM: options.mail?.from,
    SENDGRID_API_KEY: options.mail?.apiKey,
    SENDGRID_API_URL: options.mail?.apiUrl,
    SMTP_URL: options.mail?.smtpUrl,
    MAIL_GIVE_UP_SECONDS: text(options.mail?.giveUpSeconds),
    MAIL_CLAIM_IDLE_SECONDS: text(options.mail?.claimIdleSeconds),
    COOKIE_SECRETS: secrets.join(','),
    OTP_TTL_SECONDS: text(otp.ttlSeconds),
    OTP_LENGTH: text(otp.length),
    OTP_MAX_ATTEMPTS: text(otp.maxAttempts),
    OTP_FAILURE_BUDGET: text(otp.failureBudget),
    OTP_LOCKOUT_SECONDS: text(otp.lockoutSeconds),
    OTP_RESEND_COOLDOWN_SECONDS: text(otp.resendCooldownSeconds),
    OTP_RESEND_MAX: text(otp.resendMax),
    OTP_RESEND_WINDOW_SECONDS: text(otp.resendWindowSeconds),
    RATE_LIMIT_WINDOW_SECONDS: text(rateLimits.windowSeconds),
    RATE_LIMIT_SENDS_PER_IP: text(rateLimits.sendsPerIp),
    RATE_LIMIT_VERIFIES_PER_IP: text(rateLimits.verifiesPerIp),
    FEDERATION_RULES: federation.rules ? JSON.stringify(federation.rules) : undefined,
    FEDERATION_TIMEOUT_SECONDS: text(federation.timeoutSeconds),
    INVITATION_TTL_SECONDS: text(options.invitationTtlSeconds),
    SESSION_TTL_SECONDS: text(options.sessionTtlSeconds),
    LOG_LEVEL: options.logLevel,
  };
  let config: Config | undefined;
  try {
    config = await loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) {
      const [variable] = problem.split(':', 1);
      const name = variable ? optionNames[variable] : undefined;
      problems.push(name ? `${name}${problem.slice(variable!.length)}` : problem);
    }
  }
  if (problems.length || !config) throw new ConfigError([...new Set(problems)]);
  // a plugin serves no demo, whatever NODE_ENV says
  return Object.freeze({ ...config, seedDemo: false });
}
