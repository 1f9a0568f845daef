import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { Config } from '../../../config/config.js';
import { loadConfig } from '../../../config/load-config.js';
import { generateSigningJwks, parseSigningJwks } from '../../../config/signing-keys.js';
import { configLoader, productionEnv } from '../../support/config-env.js';
import type { Env } from '../../support/config-env.js';

const trustProxyLine =
  'TRUST_PROXY: must be false, true (one proxy), a number of proxies (1 to 20) or a comma-separated list of proxy addresses and CIDR ranges (like 10.0.0.0/8,2001:db8::/32)';

const { keyFile, load, problems } = configLoader('guestpass-config-');

const secret32 = (c: string) => c.repeat(32);

const rule = {
  id: 'google',
  domains: ['gmail.com'],
  issuer: 'https://accounts.google.com',
  clientId: 'c',
  clientSecret: 's',
};

describe('development needs nothing', () => {
  it('with an empty environment: embedded store, outbox, generated secrets and signing key, frozen', async () => {
    const config = await loadConfig({});
    expect(config).toMatchObject({
      production: false,
      redisUrl: undefined,
      mail: { transport: 'outbox' },
      adminTokenGenerated: true,
      seedDemo: true,
    });
    expect(config.adminToken.length).toBeGreaterThanOrEqual(32);
    expect(config.jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(config.jwks.keys[0]?.d).toEqual(expect.any(String));
    expect(config.cookieSecrets).toHaveLength(1);
    expect(config.cookieSecrets[0]!.length).toBeGreaterThanOrEqual(32);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.mail)).toBe(true);
    expect(Object.isFrozen(config.otp)).toBe(true);
  });

  it('generates a new admin token and cookie secret at each start', async () => {
    const [one, two] = await Promise.all([load({}), load({})]);
    expect(one.adminToken).not.toBe(two.adminToken);
    expect(one.cookieSecrets[0]).not.toBe(two.cookieSecrets[0]);
  });

  it.each<[string, (c: Config) => unknown, unknown]>([
    ['PORT defaults to 3000', (c) => c.port, 3000],
    ['PUBLIC_URL defaults to http://localhost:$PORT', (c) => c.publicUrl, 'http://localhost:3000'],
    ['TRUST_PROXY defaults to off', (c) => c.trustProxy, false],
    ['REDIS_KEY_PREFIX defaults to gp:', (c) => c.redisKeyPrefix, 'gp:'],
    [
      'MAIL_FROM defaults to Guestpass <no-reply@localhost>',
      (c) => c.mail.from,
      'Guestpass <no-reply@localhost>',
    ],
    [
      'SENDGRID_API_URL defaults to the global API',
      (c) => c.mail.sendgridApiUrl,
      'https://api.sendgrid.com',
    ],
    ['OTP_TTL_SECONDS defaults to 30 minutes', (c) => c.otp.ttlSeconds, 1800],
    ['OTP_LENGTH defaults to 6 digits', (c) => c.otp.length, 6],
    ['OTP_MAX_ATTEMPTS defaults to 5', (c) => c.otp.maxAttempts, 5],
    ['OTP_FAILURE_BUDGET defaults to 20', (c) => c.otp.failureBudget, 20],
    ['OTP_LOCKOUT_SECONDS defaults to 15 minutes', (c) => c.otp.lockoutSeconds, 900],
    ['OTP_RESEND_COOLDOWN_SECONDS defaults to 30', (c) => c.otp.resendCooldownSeconds, 30],
    ['OTP_RESEND_MAX defaults to 5 codes', (c) => c.otp.resendMax, 5],
    ['OTP_RESEND_WINDOW_SECONDS defaults to an hour', (c) => c.otp.resendWindowSeconds, 3600],
    ['MAIL_GIVE_UP_SECONDS defaults to 15 minutes', (c) => c.mail.giveUpSeconds, 900],
    ['MAIL_CLAIM_IDLE_SECONDS defaults to a minute', (c) => c.mail.claimIdleSeconds, 60],
    ['RATE_LIMIT_WINDOW_SECONDS defaults to 10 minutes', (c) => c.rateLimits.windowSeconds, 600],
    ['RATE_LIMIT_SENDS_PER_IP defaults to 30', (c) => c.rateLimits.sendsPerIp, 30],
    ['RATE_LIMIT_VERIFIES_PER_IP defaults to 100', (c) => c.rateLimits.verifiesPerIp, 100],
    ['INVITATION_TTL_SECONDS defaults to 30 days', (c) => c.invitationTtlSeconds, 2592000],
    ['SESSION_TTL_SECONDS defaults to 24 hours', (c) => c.sessionTtlSeconds, 86400],
    ['LOG_LEVEL defaults to info', (c) => c.logLevel, 'info'],
    ['FEDERATION_RULES defaults to none', (c) => c.federationRules, []],
    ['FEDERATION_TIMEOUT_SECONDS defaults to 5', (c) => c.federationTimeoutSeconds, 5],
    ['PROVIDER_CACHE_SIZE defaults to 500', (c) => c.providerCacheSize, 500],
  ])('%s', async (_behaviour, pick, expected) => {
    expect(pick(await load({}))).toEqual(expected);
  });
});

describe('env → value', () => {
  it.each<[string, Env, (c: Config) => unknown, unknown]>([
    ['PORT is read as a number', { PORT: '4000' }, (c) => c.port, 4000],
    ['PORT 0 is allowed (any free port)', { PORT: '0' }, (c) => c.port, 0],
    [
      'the default PUBLIC_URL follows PORT',
      { PORT: '4000' },
      (c) => c.publicUrl,
      'http://localhost:4000',
    ],
    [
      'PUBLIC_URL loses a trailing slash',
      { PUBLIC_URL: 'https://id.example.com/' },
      (c) => c.publicUrl,
      'https://id.example.com',
    ],
    [
      'PUBLIC_URL keeps its path and loses every trailing slash',
      { PUBLIC_URL: 'https://id.example.com/base//' },
      (c) => c.publicUrl,
      'https://id.example.com/base',
    ],
    [
      'PUBLIC_URL may be plain http (development)',
      { PUBLIC_URL: 'http://127.0.0.1:8080' },
      (c) => c.publicUrl,
      'http://127.0.0.1:8080',
    ],
    ['TRUST_PROXY=true turns it on', { TRUST_PROXY: 'true' }, (c) => c.trustProxy, true],
    ['TRUST_PROXY=1 turns it on', { TRUST_PROXY: '1' }, (c) => c.trustProxy, true],
    ['TRUST_PROXY=yes turns it on', { TRUST_PROXY: 'yes' }, (c) => c.trustProxy, true],
    ['TRUST_PROXY=false keeps it off', { TRUST_PROXY: 'false' }, (c) => c.trustProxy, false],
    ['TRUST_PROXY=0 keeps it off', { TRUST_PROXY: '0' }, (c) => c.trustProxy, false],
    ['TRUST_PROXY=no keeps it off', { TRUST_PROXY: 'no' }, (c) => c.trustProxy, false],
    [
      'TRUST_PROXY=true is one hop',
      { TRUST_PROXY: 'true' },
      (c) => c.trustedProxies,
      { kind: 'hops', hops: 1 },
    ],
    [
      'TRUST_PROXY=3 is three hops',
      { TRUST_PROXY: '3' },
      (c) => c.trustedProxies,
      { kind: 'hops', hops: 3 },
    ],
    [
      'TRUST_PROXY as a list of proxies',
      { TRUST_PROXY: '10.0.0.0/8, 2001:DB8::1' },
      (c) => [c.trustProxy, c.trustedProxies],
      [true, { kind: 'cidrs', cidrs: ['10.0.0.0/8', '2001:DB8::1'] }],
    ],
    [
      'RATE_LIMIT_AUTHORIZATIONS_PER_IP defaults to 600 an hour',
      {},
      (c) => [c.rateLimits.authorizationsPerIp, c.rateLimits.authorizationWindowSeconds],
      [600, 3600],
    ],
    [
      'REDIS_URL redis:// is kept as given',
      { REDIS_URL: 'redis://127.0.0.1:6379/2' },
      (c) => c.redisUrl,
      'redis://127.0.0.1:6379/2',
    ],
    [
      'REDIS_URL rediss:// (TLS) is accepted',
      { REDIS_URL: 'rediss://cache.example.com:6380' },
      (c) => c.redisUrl,
      'rediss://cache.example.com:6380',
    ],
    [
      'REDIS_KEY_PREFIX is read',
      { REDIS_KEY_PREFIX: 'tenant_1.guestpass-a:' },
      (c) => c.redisKeyPrefix,
      'tenant_1.guestpass-a:',
    ],
    [
      'MAIL_TRANSPORT=smtp with SMTP_URL selects SMTP',
      { MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtps://u:p@mail.example.com' },
      (c) => [c.mail.transport, c.mail.smtpUrl],
      ['smtp', 'smtps://u:p@mail.example.com'],
    ],
    [
      'MAIL_TRANSPORT=sendgrid with SENDGRID_API_KEY selects SendGrid',
      { MAIL_TRANSPORT: 'sendgrid', SENDGRID_API_KEY: 'SG.key' },
      (c) => [c.mail.transport, c.mail.sendgridApiKey],
      ['sendgrid', 'SG.key'],
    ],
    [
      'MAIL_TRANSPORT=outbox is allowed in development',
      { MAIL_TRANSPORT: 'outbox' },
      (c) => c.mail.transport,
      'outbox',
    ],
    [
      'SENDGRID_API_URL (EU residency) loses a trailing slash',
      { SENDGRID_API_URL: 'https://api.eu.sendgrid.com/' },
      (c) => c.mail.sendgridApiUrl,
      'https://api.eu.sendgrid.com',
    ],
    [
      'MAIL_FROM is read',
      { MAIL_FROM: 'Fabrikam <guests@fabrikam.example>' },
      (c) => c.mail.from,
      'Fabrikam <guests@fabrikam.example>',
    ],
    [
      'ADMIN_TOKEN given is used and not generated',
      { ADMIN_TOKEN: 'dev-token' },
      (c) => [c.adminToken, c.adminTokenGenerated],
      ['dev-token', false],
    ],
    [
      'COOKIE_SECRETS is a rotation list, trimmed, the first signing',
      { COOKIE_SECRETS: `${secret32('a')} , ${secret32('b')}` },
      (c) => c.cookieSecrets,
      [secret32('a'), secret32('b')],
    ],
    [
      'JWKS_PATH loads the private key set from the file',
      {},
      (c) => c.jwks.keys[0]?.d,
      expect.any(String),
    ],
    ['OTP_LENGTH takes the smallest allowed, 6', { OTP_LENGTH: '6' }, (c) => c.otp.length, 6],
    ['OTP_LENGTH takes the largest allowed, 10', { OTP_LENGTH: '10' }, (c) => c.otp.length, 10],
    [
      'MAIL_GIVE_UP_SECONDS defaults to OTP_TTL_SECONDS when that is shorter',
      { OTP_TTL_SECONDS: '300' },
      (c) => c.mail.giveUpSeconds,
      300,
    ],
    [
      'OTP_RESEND_COOLDOWN_SECONDS 0 turns the cool-down off',
      { OTP_RESEND_COOLDOWN_SECONDS: '0' },
      (c) => c.otp.resendCooldownSeconds,
      0,
    ],
    [
      'RATE_LIMIT_SENDS_PER_IP may be raised for a load test',
      { RATE_LIMIT_SENDS_PER_IP: '10000000' },
      (c) => c.rateLimits.sendsPerIp,
      10_000_000,
    ],
    [
      'INVITATION_TTL_SECONDS takes the smallest allowed, an hour',
      { INVITATION_TTL_SECONDS: '3600' },
      (c) => c.invitationTtlSeconds,
      3600,
    ],
    [
      'INVITATION_TTL_SECONDS takes the largest allowed, a year',
      { INVITATION_TTL_SECONDS: '31536000' },
      (c) => c.invitationTtlSeconds,
      31_536_000,
    ],
    ['LOG_LEVEL silent is accepted', { LOG_LEVEL: 'silent' }, (c) => c.logLevel, 'silent'],
    [
      'an empty OTP_LENGTH counts as unset (the default)',
      { OTP_LENGTH: '' },
      (c) => c.otp.length,
      6,
    ],
    [
      'an empty MAIL_TRANSPORT counts as unset (the outbox in development)',
      { MAIL_TRANSPORT: '' },
      (c) => c.mail.transport,
      'outbox',
    ],
    [
      'an empty ADMIN_TOKEN counts as unset (one is generated)',
      { ADMIN_TOKEN: '' },
      (c) => c.adminTokenGenerated,
      true,
    ],
    [
      'NODE_ENV=test (what jest sets) is development',
      { NODE_ENV: 'test' },
      (c) => [c.production, c.seedDemo],
      [false, true],
    ],
  ])('%s', async (_behaviour, env, pick, expected) => {
    expect(pick(await load(env))).toEqual(expected);
  });

  // whole-number settings: the number given is the value read
  it.each<[string, number, (c: Config) => unknown]>([
    ['OTP_TTL_SECONDS', 600, (c) => c.otp.ttlSeconds],
    ['OTP_MAX_ATTEMPTS', 3, (c) => c.otp.maxAttempts],
    ['OTP_FAILURE_BUDGET', 7, (c) => c.otp.failureBudget],
    ['OTP_LOCKOUT_SECONDS', 60, (c) => c.otp.lockoutSeconds],
    ['MAIL_CLAIM_IDLE_SECONDS', 5, (c) => c.mail.claimIdleSeconds],
    ['OTP_RESEND_MAX', 2, (c) => c.otp.resendMax],
    ['OTP_RESEND_WINDOW_SECONDS', 120, (c) => c.otp.resendWindowSeconds],
    ['RATE_LIMIT_WINDOW_SECONDS', 60, (c) => c.rateLimits.windowSeconds],
    ['RATE_LIMIT_VERIFIES_PER_IP', 7, (c) => c.rateLimits.verifiesPerIp],
    ['SESSION_TTL_SECONDS', 3600, (c) => c.sessionTtlSeconds],
    ['FEDERATION_TIMEOUT_SECONDS', 60, (c) => c.federationTimeoutSeconds],
    ['PROVIDER_CACHE_SIZE', 1, (c) => c.providerCacheSize],
  ])('%s is read', async (name, value, pick) => {
    expect(pick(await load({ [name]: String(value) }))).toEqual(value);
  });
});

describe('env → the error line naming the variable', () => {
  it.each<[string, Env, string]>([
    ['PORT not a number', { PORT: 'x' }, 'PORT: must be a whole number'],
    ['PORT not whole', { PORT: '3.5' }, 'PORT: must be a whole number'],
    ['PORT negative', { PORT: '-1' }, 'PORT: must be at least 0'],
    ['PORT above 65535', { PORT: '65536' }, 'PORT: must be at most 65535'],
    ['PUBLIC_URL not a URL', { PUBLIC_URL: 'not a url' }, 'PUBLIC_URL: must be an http(s) URL'],
    [
      'PUBLIC_URL not http(s)',
      { PUBLIC_URL: 'ftp://id.example.com' },
      'PUBLIC_URL: must be an http(s) URL',
    ],
    ['TRUST_PROXY neither a setting nor addresses', { TRUST_PROXY: 'maybe' }, trustProxyLine],
    ['TRUST_PROXY in capitals', { TRUST_PROXY: 'TRUE' }, trustProxyLine],
    ['TRUST_PROXY more than 20 hops', { TRUST_PROXY: '21' }, trustProxyLine],
    ['TRUST_PROXY a CIDR with a bad prefix', { TRUST_PROXY: '10.0.0.0/40' }, trustProxyLine],
    [
      'REDIS_URL without a scheme',
      { REDIS_URL: 'localhost:6379' },
      'REDIS_URL: must be a redis:// or rediss:// URL',
    ],
    [
      'REDIS_URL with an http scheme',
      { REDIS_URL: 'http://cache.example.com' },
      'REDIS_URL: must be a redis:// or rediss:// URL',
    ],
    [
      'REDIS_KEY_PREFIX with a space',
      { REDIS_KEY_PREFIX: 'a b' },
      'REDIS_KEY_PREFIX: letters, digits, _ : . - only',
    ],
    [
      'REDIS_KEY_PREFIX longer than 64',
      { REDIS_KEY_PREFIX: 'p'.repeat(65) },
      'REDIS_KEY_PREFIX: letters, digits, _ : . - only',
    ],
    [
      'MAIL_TRANSPORT unknown',
      { MAIL_TRANSPORT: 'pigeon' },
      'MAIL_TRANSPORT: must be sendgrid, smtp or outbox',
    ],
    [
      'MAIL_FROM with CR/LF (a header injection)',
      { MAIL_FROM: 'a\r\nBcc: x@y' },
      'MAIL_FROM: must not contain CR or LF',
    ],
    [
      'MAIL_FROM with a bare LF',
      { MAIL_FROM: 'a\nBcc: x@y' },
      'MAIL_FROM: must not contain CR or LF',
    ],
    [
      'SENDGRID_API_URL not http(s)',
      { SENDGRID_API_URL: 'ftp://api.example.com' },
      'SENDGRID_API_URL: must be an http(s) URL',
    ],
    [
      'SMTP_URL not smtp(s)',
      { SMTP_URL: 'http://mail' },
      'SMTP_URL: must be an smtp:// or smtps:// URL',
    ],
    [
      'MAIL_TRANSPORT=sendgrid without SENDGRID_API_KEY',
      { MAIL_TRANSPORT: 'sendgrid' },
      'SENDGRID_API_KEY: required when MAIL_TRANSPORT=sendgrid',
    ],
    [
      'MAIL_TRANSPORT=sendgrid with an empty SENDGRID_API_KEY',
      { MAIL_TRANSPORT: 'sendgrid', SENDGRID_API_KEY: '' },
      'SENDGRID_API_KEY: required when MAIL_TRANSPORT=sendgrid',
    ],
    [
      'MAIL_TRANSPORT=smtp without SMTP_URL',
      { MAIL_TRANSPORT: 'smtp' },
      'SMTP_URL: required when MAIL_TRANSPORT=smtp',
    ],
    [
      'COOKIE_SECRETS with a short secret',
      { COOKIE_SECRETS: 'short' },
      'COOKIE_SECRETS: each secret must be at least 32 characters',
    ],
    [
      'COOKIE_SECRETS with one short secret after a good one',
      { COOKIE_SECRETS: `${secret32('a')},short` },
      'COOKIE_SECRETS: each secret must be at least 32 characters',
    ],
    [
      'COOKIE_SECRETS of empty items',
      { COOKIE_SECRETS: ' , ' },
      'COOKIE_SECRETS: each secret must be at least 32 characters',
    ],
    [
      'OTP_TTL_SECONDS not a number',
      { OTP_TTL_SECONDS: 'abc' },
      'OTP_TTL_SECONDS: must be a whole number',
    ],
    ['OTP_TTL_SECONDS zero', { OTP_TTL_SECONDS: '0' }, 'OTP_TTL_SECONDS: must be at least 1'],
    [
      'OTP_TTL_SECONDS over a day',
      { OTP_TTL_SECONDS: '86401' },
      'OTP_TTL_SECONDS: must be at most 86400',
    ],
    ['OTP_LENGTH under 6 digits', { OTP_LENGTH: '5' }, 'OTP_LENGTH: must be at least 6'],
    ['OTP_LENGTH over 10 digits', { OTP_LENGTH: '11' }, 'OTP_LENGTH: must be at most 10'],
    ['OTP_LENGTH not whole', { OTP_LENGTH: '6.5' }, 'OTP_LENGTH: must be a whole number'],
    ['OTP_MAX_ATTEMPTS zero', { OTP_MAX_ATTEMPTS: '0' }, 'OTP_MAX_ATTEMPTS: must be at least 1'],
    [
      'OTP_MAX_ATTEMPTS over 20',
      { OTP_MAX_ATTEMPTS: '21' },
      'OTP_MAX_ATTEMPTS: must be at most 20',
    ],
    [
      'OTP_FAILURE_BUDGET zero',
      { OTP_FAILURE_BUDGET: '0' },
      'OTP_FAILURE_BUDGET: must be at least 1',
    ],
    [
      'OTP_FAILURE_BUDGET over 1000',
      { OTP_FAILURE_BUDGET: '1001' },
      'OTP_FAILURE_BUDGET: must be at most 1000',
    ],
    [
      'OTP_LOCKOUT_SECONDS zero (never "locked for no time")',
      { OTP_LOCKOUT_SECONDS: '0' },
      'OTP_LOCKOUT_SECONDS: must be at least 1',
    ],
    [
      'OTP_RESEND_COOLDOWN_SECONDS negative',
      { OTP_RESEND_COOLDOWN_SECONDS: '-1' },
      'OTP_RESEND_COOLDOWN_SECONDS: must be at least 0',
    ],
    [
      'OTP_RESEND_COOLDOWN_SECONDS over an hour',
      { OTP_RESEND_COOLDOWN_SECONDS: '3601' },
      'OTP_RESEND_COOLDOWN_SECONDS: must be at most 3600',
    ],
    ['OTP_RESEND_MAX zero', { OTP_RESEND_MAX: '0' }, 'OTP_RESEND_MAX: must be at least 1'],
    [
      "MAIL_GIVE_UP_SECONDS past a passcode's validity",
      { MAIL_GIVE_UP_SECONDS: '3600' },
      'MAIL_GIVE_UP_SECONDS: at most OTP_TTL_SECONDS (a queued passcode mail never outlives its code)',
    ],
    [
      'MAIL_CLAIM_IDLE_SECONDS zero',
      { MAIL_CLAIM_IDLE_SECONDS: '0' },
      'MAIL_CLAIM_IDLE_SECONDS: must be at least 1',
    ],
    [
      'OTP_RESEND_WINDOW_SECONDS zero',
      { OTP_RESEND_WINDOW_SECONDS: '0' },
      'OTP_RESEND_WINDOW_SECONDS: must be at least 1',
    ],
    [
      'RATE_LIMIT_WINDOW_SECONDS zero',
      { RATE_LIMIT_WINDOW_SECONDS: '0' },
      'RATE_LIMIT_WINDOW_SECONDS: must be at least 1',
    ],
    [
      'RATE_LIMIT_SENDS_PER_IP zero (limits are raised, never turned off)',
      { RATE_LIMIT_SENDS_PER_IP: '0' },
      'RATE_LIMIT_SENDS_PER_IP: must be at least 1',
    ],
    [
      'RATE_LIMIT_VERIFIES_PER_IP zero',
      { RATE_LIMIT_VERIFIES_PER_IP: '0' },
      'RATE_LIMIT_VERIFIES_PER_IP: must be at least 1',
    ],
    [
      'INVITATION_TTL_SECONDS under an hour',
      { INVITATION_TTL_SECONDS: '3599' },
      'INVITATION_TTL_SECONDS: must be at least 3600',
    ],
    [
      'INVITATION_TTL_SECONDS over a year',
      { INVITATION_TTL_SECONDS: '31536001' },
      'INVITATION_TTL_SECONDS: must be at most 31536000',
    ],
    [
      'SESSION_TTL_SECONDS negative',
      { SESSION_TTL_SECONDS: '-1' },
      'SESSION_TTL_SECONDS: must be at least 1',
    ],
    [
      'SESSION_TTL_SECONDS over 30 days',
      { SESSION_TTL_SECONDS: '2592001' },
      'SESSION_TTL_SECONDS: must be at most 2592000',
    ],
    [
      'LOG_LEVEL unknown',
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL: must be debug, info, warn, error or silent',
    ],
    [
      'FEDERATION_TIMEOUT_SECONDS zero',
      { FEDERATION_TIMEOUT_SECONDS: '0' },
      'FEDERATION_TIMEOUT_SECONDS: must be at least 1',
    ],
    [
      'FEDERATION_TIMEOUT_SECONDS over a minute',
      { FEDERATION_TIMEOUT_SECONDS: '61' },
      'FEDERATION_TIMEOUT_SECONDS: must be at most 60',
    ],
    [
      'PROVIDER_CACHE_SIZE zero',
      { PROVIDER_CACHE_SIZE: '0' },
      'PROVIDER_CACHE_SIZE: must be at least 1',
    ],
  ])('refuses %s', async (_case, env, line) => {
    expect(await problems(env)).toEqual([line]);
  });

  it('JWKS_PATH that cannot be read is refused naming the variable and the file', async () => {
    expect(await problems({ JWKS_PATH: '/nonexistent/jwks.json' })).toEqual([
      expect.stringMatching(/^JWKS_PATH: cannot use \/nonexistent\/jwks\.json: .*ENOENT/),
    ]);
  });

  it('JWKS_PATH holding a public key only is refused naming the variable', async () => {
    const publicOnly = join(keyFile.dir, 'public.json');
    writeFileSync(publicOnly, JSON.stringify({ keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }] }));
    expect(await problems({ JWKS_PATH: publicOnly })).toEqual([
      expect.stringMatching(/^JWKS_PATH: cannot use .*public\.json: .*private key is needed$/),
    ]);
  });

  it('reports every invalid variable at once, one line each', async () => {
    expect(await problems({ PORT: 'x', OTP_LENGTH: '5', LOG_LEVEL: 'loud' })).toEqual([
      'PORT: must be a whole number',
      'OTP_LENGTH: must be at least 6',
      'LOG_LEVEL: must be debug, info, warn, error or silent',
    ]);
  });

  it('reports invalid values and the rules between variables in one round, each variable once', async () => {
    // a bad value used to stop the checks, so the production rules came in a second round
    const found = await problems({
      NODE_ENV: 'production',
      PORT: 'x',
      REDIS_URL: 'redis://',
      MAIL_TRANSPORT: 'smtp',
    });
    expect(found.map((line) => line.split(':')[0])).toEqual([
      'PORT',
      'REDIS_URL',
      'PUBLIC_URL',
      'ADMIN_TOKEN',
      'COOKIE_SECRETS',
      'SMTP_URL',
    ]);
    expect(found).toContain('REDIS_URL: must name a host, like redis://127.0.0.1:6379');
  });

  it.each<[string, Env, string]>([
    [
      'NODE_ENV neither development nor production',
      { NODE_ENV: 'staging' },
      'NODE_ENV: must be development or production (unset: production)',
    ],
    ['redis:// with no host', { REDIS_URL: 'redis://' }, 'REDIS_URL: must name a host'],
    ['redis:/// with only a database', { REDIS_URL: 'redis:///0' }, 'REDIS_URL: must name a host'],
    [
      'smtp:// with no host',
      { MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://' },
      'SMTP_URL: must name a host',
    ],
  ])('%s is refused naming the variable', async (_, env, line) => {
    expect(await problems(env)).toEqual([expect.stringContaining(line)]);
  });

  it('the error message of the ConfigError lists every problem', async () => {
    await expect(load({ PORT: 'x', OTP_LENGTH: '5' })).rejects.toThrow(
      'invalid configuration:\n  PORT: must be a whole number\n  OTP_LENGTH: must be at least 6',
    );
  });
});

describe('production (NODE_ENV=production) turns every generated or dev-only default into an error', () => {
  it('loads with every required setting: nothing generated, no demo seeded', async () => {
    const config = await load(productionEnv());
    expect(config).toMatchObject({
      production: true,
      seedDemo: false,
      adminTokenGenerated: false,
      adminToken: secret32('a'),
      cookieSecrets: [secret32('b')],
      mail: { transport: 'smtp' },
    });
  });

  it.each<[string, Env, string[]]>([
    [
      'without PUBLIC_URL',
      { PUBLIC_URL: '' },
      ['PUBLIC_URL: required in production (the external https URL)'],
    ],
    [
      'without REDIS_URL (no embedded store)',
      { REDIS_URL: '' },
      ['REDIS_URL: required in production (the embedded store is for development only)'],
    ],
    [
      'without MAIL_TRANSPORT (no outbox by default)',
      { MAIL_TRANSPORT: '' },
      ['MAIL_TRANSPORT: required in production (sendgrid or smtp)'],
    ],
    [
      'with MAIL_TRANSPORT=outbox',
      { MAIL_TRANSPORT: 'outbox' },
      ['MAIL_TRANSPORT: outbox is for development only; use sendgrid or smtp'],
    ],
    [
      'with MAIL_TRANSPORT=sendgrid but no SENDGRID_API_KEY',
      { MAIL_TRANSPORT: 'sendgrid' },
      ['SENDGRID_API_KEY: required when MAIL_TRANSPORT=sendgrid'],
    ],
    [
      'with MAIL_TRANSPORT=smtp but no SMTP_URL',
      { SMTP_URL: '' },
      ['SMTP_URL: required when MAIL_TRANSPORT=smtp'],
    ],
    [
      'without ADMIN_TOKEN (none is generated)',
      { ADMIN_TOKEN: '' },
      ['ADMIN_TOKEN: required in production (at least 32 characters)'],
    ],
    [
      'with an ADMIN_TOKEN of 31 characters',
      { ADMIN_TOKEN: 'a'.repeat(31) },
      ['ADMIN_TOKEN: must be at least 32 characters in production'],
    ],
    [
      'without COOKIE_SECRETS (none is generated)',
      { COOKIE_SECRETS: '' },
      ['COOKIE_SECRETS: required in production (comma-separated, each at least 32 characters)'],
    ],
    [
      'with a short cookie secret kept for rotation',
      { COOKIE_SECRETS: `${secret32('b')},short` },
      ['COOKIE_SECRETS: each secret must be at least 32 characters'],
    ],
    [
      'without JWKS_PATH (no key is generated)',
      { JWKS_PATH: '' },
      ['JWKS_PATH: required in production (run `npx guestpass keys generate`)'],
    ],
    [
      'with an http upstream issuer in FEDERATION_RULES, even on loopback',
      { FEDERATION_RULES: JSON.stringify([{ ...rule, issuer: 'http://127.0.0.1:8080' }]) },
      ['FEDERATION_RULES: [0].issuer: must be an https URL'],
    ],
  ])('refuses to load %s, naming the variable', async (_case, change, lines) => {
    expect(await problems({ ...productionEnv(), ...change })).toEqual(lines);
  });

  it('with nothing set, names every required variable at once', async () => {
    const found = await problems({ NODE_ENV: 'production', JWKS_PATH: '' });
    expect(found.map((line) => line.split(':')[0])).toEqual([
      'PUBLIC_URL',
      'REDIS_URL',
      'MAIL_TRANSPORT',
      'ADMIN_TOKEN',
      'COOKIE_SECRETS',
      'JWKS_PATH',
    ]);
  });
});

describe('FEDERATION_RULES: deployment-wide rules, as the admin API takes them, secrets required', () => {
  it('reads a JSON array of rules', async () => {
    expect((await load({ FEDERATION_RULES: JSON.stringify([rule]) })).federationRules).toEqual([
      rule,
    ]);
  });

  it('normalizes domains to lower case and keeps the issuer exactly (a trailing slash too)', async () => {
    const config = await load({
      FEDERATION_RULES: JSON.stringify([
        { ...rule, domains: ['GMail.com'], issuer: 'https://tenant.auth0.com/' },
      ]),
    });
    expect(config.federationRules).toEqual([{ ...rule, issuer: 'https://tenant.auth0.com/' }]);
  });

  it('accepts an http issuer on loopback outside production (tests, local IdPs)', async () => {
    const local = { ...rule, issuer: 'http://127.0.0.1:8080' };
    expect((await load({ FEDERATION_RULES: JSON.stringify([local]) })).federationRules).toEqual([
      local,
    ]);
  });

  it.each<[string, unknown, string | RegExp]>([
    ['text that is not JSON', 'nope', 'FEDERATION_RULES: must be a JSON array of rules'],
    ['JSON that is not an array', {}, 'FEDERATION_RULES: must be a JSON array of rules'],
    [
      'an http issuer off loopback',
      [{ ...rule, issuer: 'http://idp.example' }],
      'FEDERATION_RULES: [0].issuer: must be an https URL (http only on localhost)',
    ],
    [
      'a rule without its client secret',
      [{ ...rule, clientSecret: undefined }],
      'FEDERATION_RULES: [0].clientSecret: required, a string',
    ],
    [
      'a rule without domains',
      [{ ...rule, domains: [] }],
      'FEDERATION_RULES: [0].domains: must name at least one domain',
    ],
    [
      'a domain that is not a domain name',
      [{ ...rule, domains: ['not a domain'] }],
      'FEDERATION_RULES: [0].domains[0]: each must be a domain name like example.com',
    ],
    [
      'a rule id with capitals',
      [{ ...rule, id: 'Google' }],
      'FEDERATION_RULES: [0].id: must be lowercase letters, digits and hyphens (1 to 63 characters)',
    ],
    [
      'the second rule broken (the index names it)',
      [rule, { ...rule, id: 'b', domains: ['b.example'], clientId: '' }],
      'FEDERATION_RULES: [1].clientId: must not be empty',
    ],
    [
      'a field rules do not have',
      [{ ...rule, scope: 'openid' }],
      /^FEDERATION_RULES: \[0\]: .*"scope"/,
    ],
    [
      'a domain in two rules',
      [rule, { ...rule, id: 'other' }],
      'FEDERATION_RULES: the domain gmail.com is in more than one rule',
    ],
  ])('refuses %s, naming the variable', async (_case, value, line) => {
    const found = await problems({
      FEDERATION_RULES: typeof value === 'string' ? value : JSON.stringify(value),
    });
    expect(found).toEqual([typeof line === 'string' ? line : expect.stringMatching(line)]);
  });
});

describe('the signing key file (JWKS_PATH) must hold private keys', () => {
  it.each<[string, string, string]>([
    ['text that is not JSON', 'nope', 'not JSON'],
    ['an empty key set', '{"keys":[]}', 'no "keys" array'],
    ['no keys array', '{"kty":"RSA"}', 'no "keys" array'],
    ['a key without kty', '{"keys":[{"n":"x"}]}', 'a key has no "kty"'],
    [
      'a public RSA key',
      '{"keys":[{"kty":"RSA","kid":"k1","n":"x","e":"AQAB"}]}',
      'key k1 is public; a private key is needed',
    ],
  ])('refuses %s', (_case, text, message) => {
    expect(() => parseSigningJwks(text)).toThrow(message);
  });

  it('accepts a generated key set', async () => {
    const jwks = await generateSigningJwks();
    expect(parseSigningJwks(JSON.stringify(jwks))).toEqual(jwks);
  });
});
