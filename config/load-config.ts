import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Config } from './config.js';
import { parseTrustProxy } from '../src/http/client-address.js';
import { duplicateDomain, ruleSchema } from '../src/federation/rule.js';
import type { FederationRule } from '../src/federation/rule.js';
import type { RedisClusterConfig } from '../src/store/redis-cluster.js';
import { generateSigningJwks, parseSigningJwks, signingAlgs } from './signing-keys.js';

/** Start-up refused: one line a problem, each naming its variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const int = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const httpUrl = z
  .url({ error: 'must be an http(s) URL', protocol: /^https?$/ })
  .transform((v) => v.replace(/\/+$/, ''));

/** `redis://` and `smtp://` parse as URLs with no host; connecting would then silently use localhost */
function namesHost(url: string): boolean {
  try {
    return new URL(url).hostname !== '';
  } catch {
    return false;
  }
}

const schema = z.object({
  // 'test' is what jest sets; the server (src/main.ts) reads unset as production
  NODE_ENV: z
    .enum(['development', 'production', 'test'], {
      error: 'must be development or production (unset: production)',
    })
    .optional(),
  PORT: int(0, 65535).default(3000),
  PUBLIC_URL: httpUrl.optional(),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx) => {
      const parsed = parseTrustProxy(value);
      if ('kind' in parsed) return parsed;
      ctx.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }),
  REDIS_URL: z
    .url({ error: 'must be a redis:// or rediss:// URL', protocol: /^rediss?$/ })
    .refine(namesHost, { error: 'must name a host, like redis://127.0.0.1:6379' })
    .optional(),
  REDIS_CLUSTER_NODES: z.string().optional(),
  REDIS_CLUSTER_TLS: bool.optional(),
  REDIS_CLUSTER_USERNAME: z.string().optional(),
  REDIS_CLUSTER_PASSWORD: z.string().optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]{0,64}$/, { error: 'letters, digits, _ : . - only' })
    .default('gp:'),
  MAIL_TRANSPORT: z
    .enum(['sendgrid', 'smtp', 'outbox'], { error: 'must be sendgrid, smtp or outbox' })
    .optional(),
  MAIL_FROM: z
    .string()
    .refine((v) => !/[\r\n]/.test(v), { error: 'must not contain CR or LF' })
    .default('Guestpass <no-reply@localhost>'),
  SENDGRID_API_KEY: z.string().min(1).optional(),
  SENDGRID_API_URL: httpUrl.default('https://api.sendgrid.com'),
  MAIL_GIVE_UP_SECONDS: int(10, 86400).optional(),
  MAIL_CLAIM_IDLE_SECONDS: int(1, 3600).default(60),
  SMTP_URL: z
    .url({ error: 'must be an smtp:// or smtps:// URL', protocol: /^smtps?$/ })
    .refine(namesHost, { error: 'must name a host, like smtp://user:pass@mail.example.com:587' })
    .optional(),
  ADMIN_TOKEN: z.string().optional(),
  COOKIE_SECRETS: z.string().optional(),
  JWKS_PATH: z.string().min(1).optional(),
  SIGNING_KEYS: z
    .enum(['deployment', 'tenant'], { error: 'must be deployment or tenant' })
    .default('deployment'),
  SIGNING_KEY_ALG: z
    .enum(signingAlgs, { error: 'must be RS256, PS256, ES256 or EdDSA' })
    .default('RS256'),
  SIGNING_KEY_OVERLAP_SECONDS: int(0, 30 * 86400).default(86400),
  METADATA_CACHE_SECONDS: int(0, 86400).default(300),
  HTTP_POST_METHODS: z
    .enum(['auto', 'on', 'off'], { error: 'must be auto, on or off' })
    .default('auto'),
  CLIENT_JWKS_URI_HOSTS: z.string().optional(),
  OTP_TTL_SECONDS: int(1, 86400).default(1800),
  OTP_LENGTH: int(6, 10).default(6),
  OTP_MAX_ATTEMPTS: int(1, 20).default(5),
  OTP_FAILURE_BUDGET: int(1, 1000).default(20),
  OTP_LOCKOUT_SECONDS: int(1, 86400).default(900),
  OTP_RESEND_COOLDOWN_SECONDS: int(0, 3600).default(30),
  OTP_RESEND_MAX: int(1, 1000).default(5),
  OTP_RESEND_WINDOW_SECONDS: int(1, 86400).default(3600),
  RATE_LIMIT_WINDOW_SECONDS: int(1, 86400).default(600),
  RATE_LIMIT_SENDS_PER_IP: int(1, 10_000_000).default(30),
  RATE_LIMIT_VERIFIES_PER_IP: int(1, 10_000_000).default(100),
  RATE_LIMIT_AUTHORIZATIONS_PER_IP: int(1, 10_000_000).default(600),
  RATE_LIMIT_AUTHORIZATION_WINDOW_SECONDS: int(1, 86400).default(3600),
  INVITATION_TTL_SECONDS: int(3600, 365 * 86400).default(30 * 86400),
  SESSION_TTL_SECONDS: int(1, 30 * 86400).default(86400),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error', 'silent'], {
      error: 'must be debug, info, warn, error or silent',
    })
    .default('info'),
  FEDERATION_RULES: z.string().optional(),
  FEDERATION_TIMEOUT_SECONDS: int(1, 60).default(5),
  PROVIDER_CACHE_SIZE: int(1, 100000).default(500),
  METRICS_TOKEN: z.string().optional(),
  METRICS_PORT: int(1, 65535).optional(),
});

/** Environment variables with empty values count as unset (as in most .env tooling). */
function withoutEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}

type Settings = z.infer<typeof schema>;

/**
 * Each variable on its own, so one bad value does not hide the others' problems (nor the rules
 * between variables checked after): an invalid variable gets its one line and, for the checks
 * that follow, its default. `invalid` names them, so no later rule reports them twice.
 */
function parseEach(env: Env): { settings: Settings; problems: string[]; invalid: Set<string> } {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  const invalid = new Set<string>();
  for (const [name, field] of Object.entries(schema.shape)) {
    const parsed = field.safeParse(env[name]);
    if (parsed.success) {
      values[name] = parsed.data;
      continue;
    }
    // the first problem only: later checks of a value that already failed add noise
    problems.push(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    invalid.add(name);
    values[name] = field.safeParse(undefined).data;
  }
  // every field was parsed by its own schema (or is its default), so this is the schema's output
  return { settings: values as Settings, problems, invalid };
}

/**
 * Reads every setting once, checks all of them, and reports every problem at once.
 * In production nothing is generated and nothing dev-only is accepted.
 */
export async function loadConfig(rawEnv: Env = process.env): Promise<Config> {
  const env = withoutEmpty(rawEnv);
  const { settings: e, problems: invalidValues, invalid } = parseEach(env);
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  const need = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };

  const transport = e.MAIL_TRANSPORT ?? (production ? undefined : 'outbox');
  if (production) {
    need(e.PUBLIC_URL !== undefined, 'PUBLIC_URL: required in production (the external https URL)');
    need(
      e.REDIS_URL !== undefined || e.REDIS_CLUSTER_NODES !== undefined,
      // REDIS_CLUSTER_NODES (a Redis Cluster) does as well
      'REDIS_URL: required in production (the embedded store is for development only)',
    );
    need(transport !== undefined, 'MAIL_TRANSPORT: required in production (sendgrid or smtp)');
    need(
      transport !== 'outbox',
      'MAIL_TRANSPORT: outbox is for development only; use sendgrid or smtp',
    );
    need(
      e.ADMIN_TOKEN !== undefined,
      'ADMIN_TOKEN: required in production (at least 32 characters)',
    );
    need(
      e.COOKIE_SECRETS !== undefined,
      'COOKIE_SECRETS: required in production (comma-separated, each at least 32 characters)',
    );
    need(
      e.JWKS_PATH !== undefined || e.SIGNING_KEYS === 'tenant',
      'JWKS_PATH: required in production (run `npx guestpass keys generate`)',
    );
  }
  if (e.ADMIN_TOKEN !== undefined && production) {
    need(e.ADMIN_TOKEN.length >= 32, 'ADMIN_TOKEN: must be at least 32 characters in production');
  }
  const cookieSecrets = e.COOKIE_SECRETS?.split(',').map((s) => s.trim()) ?? [];
  if (e.COOKIE_SECRETS !== undefined) {
    need(
      cookieSecrets.every((s) => s.length >= 32),
      'COOKIE_SECRETS: each secret must be at least 32 characters',
    );
  }
  need(
    transport !== 'sendgrid' || e.SENDGRID_API_KEY !== undefined,
    'SENDGRID_API_KEY: required when MAIL_TRANSPORT=sendgrid',
  );
  need(
    transport !== 'smtp' || e.SMTP_URL !== undefined,
    'SMTP_URL: required when MAIL_TRANSPORT=smtp',
  );
  need(
    (e.MAIL_GIVE_UP_SECONDS ?? 0) <= e.OTP_TTL_SECONDS,
    'MAIL_GIVE_UP_SECONDS: at most OTP_TTL_SECONDS (a queued passcode mail never outlives its code)',
  );

  const federationRules = parseFederationRules(e.FEDERATION_RULES, production, problems);
  const signing = signingSettings(e, problems);
  const redisCluster = redisClusterSettings(e, problems);
  const metrics = metricsSettings(e, production, problems);

  let jwks: Config['jwks'] | undefined;
  if (e.JWKS_PATH !== undefined) {
    try {
      jwks = parseSigningJwks(await readFile(e.JWKS_PATH, 'utf8'));
    } catch (error) {
      problems.push(`JWKS_PATH: cannot use ${e.JWKS_PATH}: ${(error as Error).message}`);
    }
  }
  // a variable with an invalid value is reported once, for its value
  const all = [
    ...invalidValues,
    ...problems.filter((problem) => !invalid.has(problem.split(':')[0] ?? '')),
  ];
  if (all.length) throw new ConfigError(all);

  const port = e.PORT;
  const adminToken = e.ADMIN_TOKEN ?? randomBytes(32).toString('base64url');
  return Object.freeze({
    production,
    port,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${port}`,
    trustProxy: e.TRUST_PROXY.kind !== 'none',
    trustedProxies: Object.freeze(e.TRUST_PROXY),
    redisUrl: e.REDIS_URL,
    redisCluster,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    mail: Object.freeze({
      transport: transport ?? 'outbox',
      from: e.MAIL_FROM,
      sendgridApiKey: e.SENDGRID_API_KEY,
      sendgridApiUrl: e.SENDGRID_API_URL,
      smtpUrl: e.SMTP_URL,
      // a queued passcode mail never outlives its code
      giveUpSeconds: e.MAIL_GIVE_UP_SECONDS ?? Math.min(900, e.OTP_TTL_SECONDS),
      claimIdleSeconds: e.MAIL_CLAIM_IDLE_SECONDS,
    }),
    adminToken,
    adminTokenGenerated: e.ADMIN_TOKEN === undefined,
    cookieSecrets: Object.freeze(
      cookieSecrets.length ? cookieSecrets : [randomBytes(32).toString('base64url')],
    ),
    jwks: jwks ?? (await generateSigningJwks()),
    ...signing,
    otp: Object.freeze({
      ttlSeconds: e.OTP_TTL_SECONDS,
      length: e.OTP_LENGTH,
      maxAttempts: e.OTP_MAX_ATTEMPTS,
      failureBudget: e.OTP_FAILURE_BUDGET,
      lockoutSeconds: e.OTP_LOCKOUT_SECONDS,
      resendCooldownSeconds: e.OTP_RESEND_COOLDOWN_SECONDS,
      resendMax: e.OTP_RESEND_MAX,
      resendWindowSeconds: e.OTP_RESEND_WINDOW_SECONDS,
    }),
    rateLimits: Object.freeze({
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
      sendsPerIp: e.RATE_LIMIT_SENDS_PER_IP,
      verifiesPerIp: e.RATE_LIMIT_VERIFIES_PER_IP,
      authorizationsPerIp: e.RATE_LIMIT_AUTHORIZATIONS_PER_IP,
      authorizationWindowSeconds: e.RATE_LIMIT_AUTHORIZATION_WINDOW_SECONDS,
    }),
    invitationTtlSeconds: e.INVITATION_TTL_SECONDS,
    sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    logLevel: e.LOG_LEVEL,
    providerCacheSize: e.PROVIDER_CACHE_SIZE,
    federationRules,
    federationTimeoutSeconds: e.FEDERATION_TIMEOUT_SECONDS,
    ...metrics,
    seedDemo: !production,
  });
}

/** FEDERATION_RULES: a JSON array of rules, each as the admin API takes them (secret required). */
function parseFederationRules(
  text: string | undefined,
  production: boolean,
  problems: string[],
): FederationRule[] {
  if (text === undefined) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    problems.push('FEDERATION_RULES: must be a JSON array of rules');
    return [];
  }
  const parsed = z
    .array(ruleSchema(production, true), { error: 'must be a JSON array of rules' })
    .safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where =
      issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') ?? '';
    problems.push(
      `FEDERATION_RULES: ${where.replace(/^\./, '')}${where ? ': ' : ''}${issue?.message ?? 'invalid'}`,
    );
    return [];
  }
  const rules = parsed.data.map((r) => ({ ...r, clientSecret: r.clientSecret ?? '' }));
  const duplicate = duplicateDomain(rules);
  if (duplicate)
    problems.push(`FEDERATION_RULES: the domain ${duplicate} is in more than one rule`);
  return rules;
}

/**
 * Who signs, and how a tenant's keys rotate; POST at the authorization and logout endpoints;
 * which hosts a client's jwks_uri may name. README "Signing keys and OpenID conformance".
 */
function signingSettings(e: z.infer<typeof schema>, problems: string[]) {
  if (e.SIGNING_KEYS === 'tenant' && e.JWKS_PATH !== undefined) {
    problems.push(
      'JWKS_PATH: not used with SIGNING_KEYS=tenant (each tenant signs with its own keys); remove it, or set SIGNING_KEYS=deployment',
    );
  }
  if (e.SIGNING_KEYS === 'tenant' && e.METADATA_CACHE_SECONDS > e.SIGNING_KEY_OVERLAP_SECONDS) {
    problems.push(
      `METADATA_CACHE_SECONDS: must be at most SIGNING_KEY_OVERLAP_SECONDS (${e.SIGNING_KEY_OVERLAP_SECONDS}): a cached JWKS must show a tenant's next key before it signs`,
    );
  }
  const https = e.PUBLIC_URL?.startsWith('https://') ?? false;
  if (e.HTTP_POST_METHODS === 'on' && !https) {
    problems.push(
      'HTTP_POST_METHODS: on needs an https PUBLIC_URL (the session cookie becomes SameSite=None, which browsers keep only with Secure)',
    );
  }
  const hosts = (e.CLIENT_JWKS_URI_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const badHost = hosts.find((h) => !isHostName(h));
  if (badHost !== undefined) {
    problems.push(
      `CLIENT_JWKS_URI_HOSTS: "${badHost}" is not a host name (comma-separated names, no scheme or port)`,
    );
  }
  return {
    signingKeys: e.SIGNING_KEYS,
    signingKeyAlg: e.SIGNING_KEY_ALG,
    signingKeyOverlapSeconds: e.SIGNING_KEY_OVERLAP_SECONDS,
    metadataCacheSeconds: e.METADATA_CACHE_SECONDS,
    httpPostMethods: e.HTTP_POST_METHODS === 'on' || (e.HTTP_POST_METHODS === 'auto' && https),
    clientJwksUriHosts: Object.freeze(hosts),
  };
}

/** a bare host name as a URL would hold it (no scheme, port, path or credentials) */
function isHostName(value: string): boolean {
  try {
    return new URL(`https://${value}/`).hostname === value;
  } catch {
    return false;
  }
}

/**
 * REDIS_CLUSTER_NODES (seed nodes, host:port,…) with REDIS_CLUSTER_TLS and the ACL user
 * REDIS_CLUSTER_USERNAME / REDIS_CLUSTER_PASSWORD; README "Redis Cluster".
 */
function redisClusterSettings(
  e: z.infer<typeof schema>,
  problems: string[],
): RedisClusterConfig | undefined {
  if (e.REDIS_CLUSTER_NODES === undefined) {
    const onlyWithNodes = (variable: string, instead: string) =>
      problems.push(`${variable}: only used with REDIS_CLUSTER_NODES (${instead})`);
    if (e.REDIS_CLUSTER_TLS !== undefined)
      onlyWithNodes('REDIS_CLUSTER_TLS', 'for one Redis, use a rediss:// REDIS_URL');
    if (e.REDIS_CLUSTER_USERNAME !== undefined)
      onlyWithNodes('REDIS_CLUSTER_USERNAME', 'for one Redis, put the user in REDIS_URL');
    if (e.REDIS_CLUSTER_PASSWORD !== undefined)
      onlyWithNodes('REDIS_CLUSTER_PASSWORD', 'for one Redis, put the password in REDIS_URL');
    return undefined;
  }
  if (e.REDIS_URL !== undefined) {
    problems.push(
      'REDIS_CLUSTER_NODES: not together with REDIS_URL; set REDIS_URL for one Redis or REDIS_CLUSTER_NODES for a Redis Cluster',
    );
  }
  if (e.REDIS_CLUSTER_USERNAME !== undefined && e.REDIS_CLUSTER_PASSWORD === undefined) {
    problems.push('REDIS_CLUSTER_USERNAME: needs REDIS_CLUSTER_PASSWORD');
  }
  const entries = e.REDIS_CLUSTER_NODES.split(',').map((n) => n.trim());
  const nodes = entries.map(hostAndPort);
  const bad = entries.find((_, i) => nodes[i] === undefined);
  if (bad !== undefined) {
    problems.push(
      `REDIS_CLUSTER_NODES: "${bad}" is not host:port (comma-separated seed nodes, e.g. 10.0.0.1:6379,10.0.0.2:6379)`,
    );
  }
  return Object.freeze({
    nodes: Object.freeze(nodes.filter((n) => n !== undefined)),
    tls: e.REDIS_CLUSTER_TLS ?? false,
    username: e.REDIS_CLUSTER_USERNAME,
    password: e.REDIS_CLUSTER_PASSWORD,
  });
}

/** `host:port` (an IPv6 address in brackets) as a URL would read it, or undefined */
function hostAndPort(value: string): { host: string; port: number } | undefined {
  if (!/^[^/?#@\s]+:\d{1,5}$/.test(value)) return undefined;
  try {
    const url = new URL(`redis://${value}`);
    const port = Number(url.port);
    if (!url.hostname || !(port >= 1 && port <= 65535)) return undefined;
    return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
  } catch {
    return undefined;
  }
}

/** METRICS_TOKEN and METRICS_PORT; README "Metrics". */
function metricsSettings(e: z.infer<typeof schema>, production: boolean, problems: string[]) {
  const token = e.METRICS_TOKEN;
  if (token !== undefined && !/^\S+$/.test(token)) {
    problems.push('METRICS_TOKEN: must not contain spaces (it is sent as a bearer token)');
  } else if (token !== undefined && production && token.length < 32) {
    problems.push('METRICS_TOKEN: must be at least 32 characters in production');
  }
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT === e.PORT) {
    problems.push(`METRICS_PORT: must differ from PORT (${e.PORT})`);
  }
  return { metricsToken: token, metricsPort: e.METRICS_PORT };
}
