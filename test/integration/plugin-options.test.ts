import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Configuration } from 'oidc-provider';
import { ConfigError, createGuestpassPlugin } from '../../src/index.js';
import type { GuestpassPlugin, GuestpassPluginOptions } from '../../src/index.js';

const secret = randomBytes(32).toString('base64url');
const valid: GuestpassPluginOptions = {
  organization: { id: 'acme', name: 'Acme' },
  mail: { transport: 'outbox' },
  secrets: [secret],
  publicUrl: 'http://127.0.0.1:4000',
  logLevel: 'silent',
};

async function problems(options: GuestpassPluginOptions): Promise<string[]> {
  try {
    const plugin = await createGuestpassPlugin(options);
    await plugin.close();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('createGuestpassPlugin refuses bad options with a line naming each', () => {
  it.each<[string, Partial<GuestpassPluginOptions>, string]>([
    ['a bad organization id', { organization: { id: 'Not An Id', name: 'x' } }, 'organization.id'],
    ['no organization name', { organization: { id: 'acme', name: ' ' } }, 'organization.name'],
    ['no secrets', { secrets: [] }, 'secrets'],
    ['a short secret', { secrets: ['short'] }, 'secrets: each secret must be at least 32'],
    ['no public URL', { publicUrl: '' }, 'publicUrl'],
    ['a public URL that is not http(s)', { publicUrl: 'ftp://x' }, 'publicUrl'],
    ['sendgrid without a key', { mail: { transport: 'sendgrid' } }, 'mail.apiKey'],
    ['a redis URL that is not redis://', { redisUrl: 'http://x' }, 'redisUrl'],
    ['a passcode too short', { otp: { length: 4 } }, 'otp.length'],
    ['metrics that are not a boolean', { metrics: 'yes' as unknown as boolean }, 'metrics'],
    ['metrics as a list', { metrics: [] as unknown as boolean }, 'metrics'],
    [
      'metrics with an unknown setting',
      { metrics: { processMetric: true } as unknown as boolean },
      'metrics',
    ],
  ])('%s', async (_case, change, named) => {
    const found = await problems({ ...valid, ...change });
    expect(found.some((p) => p.startsWith(named.split(':')[0]!) && p.includes(named))).toBe(true);
  });

  it.each<[string, GuestpassPluginOptions['metrics'], boolean, boolean]>([
    ['no metrics option: no registry', undefined, false, false],
    ['metrics: false: no registry', false, false, false],
    ['metrics: true: a registry, without process metrics', true, true, false],
    [
      '{ processMetrics: true }: a registry with process metrics',
      { processMetrics: true },
      true,
      true,
    ],
  ])('%s', async (_case, metrics, kept, processKept) => {
    const plugin = await createGuestpassPlugin({ ...valid, metrics });
    try {
      expect(plugin.metrics !== undefined).toBe(kept);
      const text = (await plugin.metrics?.text()) ?? '';
      expect(text.includes('guestpass_passcodes_issued_total')).toBe(kept);
      expect(text.includes('process_cpu_seconds_total')).toBe(processKept);
    } finally {
      await plugin.close();
    }
  });

  it('reports every problem at once', async () => {
    const found = await problems({ ...valid, secrets: ['short'], otp: { length: 4 } });
    expect(found.length).toBeGreaterThanOrEqual(2);
  });
});

describe('configuration(host) merges the journey into a host configuration', () => {
  let plugin: GuestpassPlugin;
  beforeAll(async () => {
    plugin = await createGuestpassPlugin(valid);
  });
  afterAll(async () => plugin?.close());

  it.each<[string, Configuration, string]>([
    ['findAccount', { findAccount: async () => undefined }, 'findAccount'],
    ['loadExistingGrant', { loadExistingGrant: async () => undefined }, 'loadExistingGrant'],
    ['interactions.url', { interactions: { url: () => '/login' } }, 'interactions'],
    ['conformIdTokenClaims', { conformIdTokenClaims: true }, 'conformIdTokenClaims'],
    [
      'dev interactions',
      { features: { devInteractions: { enabled: true } } },
      'features.devInteractions',
    ],
    [
      'a client with the invitation client id',
      { clients: [{ client_id: 'guestpass-invitations' }] },
      'guestpass-invitations',
    ],
  ])('refuses a host that sets %s, naming it', (_case, host, named) => {
    expect(() => plugin.configuration(host)).toThrow(named);
  });

  it('keeps what the host set and adds the guest claims, scopes and its invitation client', () => {
    const merged = plugin.configuration({
      clients: [{ client_id: 'host-app', redirect_uris: ['https://app.example/cb'] }],
      claims: { openid: ['sub'], custom: ['favourite_colour'] },
      scopes: ['openid', 'custom'],
      ttl: { Session: 120 },
    });
    expect(merged.clients?.map((c) => c.client_id)).toEqual(['host-app', 'guestpass-invitations']);
    expect(merged.claims).toMatchObject({
      openid: ['sub', 'idp', 'amr', 'auth_time'],
      email: ['email', 'email_verified'],
      custom: ['favourite_colour'],
    });
    expect(merged.scopes).toEqual(expect.arrayContaining(['openid', 'custom', 'email', 'profile']));
    expect(merged.ttl).toMatchObject({ Session: 120, Interaction: 3600 });
    expect(typeof merged.findAccount).toBe('function');
    expect(typeof merged.adapter).toBe('function');
    expect(merged.features?.devInteractions).toEqual({ enabled: false });
  });
});
