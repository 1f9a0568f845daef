import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../../config/load-config.js';
import { parseSigningJwks } from '../../../config/signing-keys.js';

async function problems(env: Record<string, string>): Promise<string[]> {
  try {
    await loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('development needs nothing: embedded store, outbox, generated secrets, documented defaults', async () => {
    const config = await loadConfig({});
    expect(config).toMatchObject({
      production: false,
      port: 3000,
      publicUrl: 'http://localhost:3000',
      redisUrl: undefined,
      mail: {
        transport: 'outbox',
        from: 'Guestpass <no-reply@localhost>',
        sendgridApiUrl: 'https://api.sendgrid.com',
      },
      adminTokenGenerated: true,
      otp: { ttlSeconds: 1800, length: 6 },
      sessionTtlSeconds: 86400,
      logLevel: 'info',
    });
    expect(config.jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
    expect(config.cookieSecrets).toHaveLength(1);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('PUBLIC_URL defaults to the port and loses a trailing slash', async () => {
    expect((await loadConfig({ PORT: '4000' })).publicUrl).toBe('http://localhost:4000');
    expect((await loadConfig({ PUBLIC_URL: 'https://id.example.com/' })).publicUrl).toBe(
      'https://id.example.com',
    );
  });

  it('reads cookie secrets as a rotation list, the first signing', async () => {
    const a = 'a'.repeat(32);
    const b = 'b'.repeat(32);
    expect((await loadConfig({ COOKIE_SECRETS: `${a}, ${b}` })).cookieSecrets).toEqual([a, b]);
  });

  it.each([
    ['OTP_LENGTH', '5'],
    ['OTP_LENGTH', '11'],
    ['OTP_TTL_SECONDS', 'abc'],
    ['SESSION_TTL_SECONDS', '-1'],
    ['PORT', 'x'],
    ['REDIS_URL', 'localhost:6379'],
    ['SMTP_URL', 'http://mail'],
    ['MAIL_FROM', 'a\r\nBcc: x@y'],
    ['LOG_LEVEL', 'loud'],
    ['TRUST_PROXY', 'maybe'],
  ])('refuses %s=%j naming the variable', async (name, value) => {
    const found = await problems({ [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${name}: `));
  });

  it('an empty variable counts as unset', async () => {
    expect((await loadConfig({ OTP_LENGTH: '' })).otp.length).toBe(6);
  });

  it('production turns every generated or dev-only default into an error', async () => {
    const found = await problems({ NODE_ENV: 'production' });
    for (const name of [
      'PUBLIC_URL',
      'REDIS_URL',
      'MAIL_TRANSPORT',
      'ADMIN_TOKEN',
      'COOKIE_SECRETS',
      'JWKS_PATH',
    ]) {
      expect(found.some((p) => p.startsWith(`${name}:`))).toBe(true);
    }
  });

  it('a signing key file must hold private keys', () => {
    expect(() => parseSigningJwks('nope')).toThrow('not JSON');
    expect(() => parseSigningJwks('{"keys":[]}')).toThrow('no "keys"');
    expect(() => parseSigningJwks('{"keys":[{"kty":"RSA","n":"x","e":"AQAB"}]}')).toThrow(
      'private',
    );
  });

  it('reads deployment-wide federation rules from FEDERATION_RULES and refuses bad ones naming the variable', async () => {
    const rule = {
      id: 'google',
      domains: ['gmail.com'],
      issuer: 'https://accounts.google.com',
      clientId: 'c',
      clientSecret: 's',
    };
    expect(
      (await loadConfig({ FEDERATION_RULES: JSON.stringify([rule]) })).federationRules,
    ).toEqual([rule]);
    expect(await problems({ FEDERATION_RULES: 'nope' })).toEqual([
      'FEDERATION_RULES: must be a JSON array of rules',
    ]);
    expect(
      (
        await problems({
          FEDERATION_RULES: JSON.stringify([{ ...rule, issuer: 'http://idp.example' }]),
        })
      )[0],
    ).toMatch(/^FEDERATION_RULES: \[0\]\.issuer: /);
    expect(
      (
        await problems({ FEDERATION_RULES: JSON.stringify([{ ...rule, clientSecret: undefined }]) })
      )[0],
    ).toMatch(/clientSecret/);
    expect(
      await problems({ FEDERATION_RULES: JSON.stringify([rule, { ...rule, id: 'other' }]) }),
    ).toEqual(['FEDERATION_RULES: the domain gmail.com is in more than one rule']);
  });
});
