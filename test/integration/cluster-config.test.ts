import { describe, expect, it } from '@jest/globals';
import { pluginConfig } from '../../src/plugin/plugin-options.js';
import type { GuestpassPluginOptions } from '../../src/plugin/plugin-options.js';
import { clusterOptions } from '../../src/store/redis-cluster.js';
import { configLoader, productionEnv } from '../support/config-env.js';
import type { Env } from '../support/config-env.js';

/** REDIS_CLUSTER_NODES and its settings, as the server and the plugin read them (no cluster needed). */
const { load, problems } = configLoader('guestpass-cluster-config-', { LOG_LEVEL: 'silent' });

describe('REDIS_CLUSTER_NODES', () => {
  it('reads seed nodes (host names, IPv4, IPv6 in brackets) and their settings', async () => {
    const config = await load({
      REDIS_CLUSTER_NODES: '10.0.0.1:6379, redis-1.internal:7000,[::1]:7001',
      REDIS_CLUSTER_TLS: 'true',
      REDIS_CLUSTER_USERNAME: 'guestpass',
      REDIS_CLUSTER_PASSWORD: 'secret',
    });
    expect(config.redisUrl).toBeUndefined();
    expect(config.redisCluster).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 6379 },
        { host: 'redis-1.internal', port: 7000 },
        { host: '::1', port: 7001 },
      ],
      tls: true,
      username: 'guestpass',
      password: 'secret',
    });
    expect(Object.isFrozen(config.redisCluster)).toBe(true);
  });

  it('is off by default, and TLS off unless asked', async () => {
    expect((await load({})).redisCluster).toBeUndefined();
    expect((await load({ REDIS_CLUSTER_NODES: 'a:1' })).redisCluster).toEqual({
      nodes: [{ host: 'a', port: 1 }],
      tls: false,
      username: undefined,
      password: undefined,
    });
  });

  it.each<[string, Env, string]>([
    [
      'with REDIS_URL',
      { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: 'a:1' },
      'REDIS_CLUSTER_NODES: not together with REDIS_URL; set REDIS_URL for one Redis or REDIS_CLUSTER_NODES for a Redis Cluster',
    ],
    ...['redis-1', 'redis://a:1', 'a:0', 'a:70000', 'user@a:1', 'a:1/x', '::1:7000'].map(
      (bad): [string, Env, string] => [
        `a seed "${bad}"`,
        { REDIS_CLUSTER_NODES: `b:2,${bad}` },
        `REDIS_CLUSTER_NODES: "${bad}" is not host:port (comma-separated seed nodes, e.g. 10.0.0.1:6379,10.0.0.2:6379)`,
      ],
    ),
    [
      'an empty seed',
      { REDIS_CLUSTER_NODES: 'a:1,,b:2' },
      'REDIS_CLUSTER_NODES: "" is not host:port (comma-separated seed nodes, e.g. 10.0.0.1:6379,10.0.0.2:6379)',
    ],
    [
      'REDIS_CLUSTER_TLS not a boolean',
      { REDIS_CLUSTER_NODES: 'a:1', REDIS_CLUSTER_TLS: 'maybe' },
      'REDIS_CLUSTER_TLS: must be true or false',
    ],
    [
      'REDIS_CLUSTER_TLS without nodes',
      { REDIS_CLUSTER_TLS: 'true' },
      'REDIS_CLUSTER_TLS: only used with REDIS_CLUSTER_NODES (for one Redis, use a rediss:// REDIS_URL)',
    ],
    [
      'REDIS_CLUSTER_PASSWORD without nodes',
      { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_PASSWORD: 'x' },
      'REDIS_CLUSTER_PASSWORD: only used with REDIS_CLUSTER_NODES (for one Redis, put the password in REDIS_URL)',
    ],
    [
      'REDIS_CLUSTER_USERNAME without nodes',
      { REDIS_CLUSTER_USERNAME: 'x' },
      'REDIS_CLUSTER_USERNAME: only used with REDIS_CLUSTER_NODES (for one Redis, put the user in REDIS_URL)',
    ],
    [
      'a user without a password',
      { REDIS_CLUSTER_NODES: 'a:1', REDIS_CLUSTER_USERNAME: 'x' },
      'REDIS_CLUSTER_USERNAME: needs REDIS_CLUSTER_PASSWORD',
    ],
  ])('refused %s, naming the variable', async (_case, env, problem) => {
    expect(await problems(env)).toEqual([problem]);
  });

  it('satisfies production in place of REDIS_URL', async () => {
    const { REDIS_URL: _redisUrl, ...production } = productionEnv();
    expect(await problems({ ...production, REDIS_CLUSTER_NODES: '10.0.0.1:6379' })).toEqual([]);
    expect(await problems(production)).toEqual([
      'REDIS_URL: required in production (the embedded store is for development only)',
    ]);
  });
});

describe('the plugin: redisClusterNodes and redisCluster', () => {
  const valid: GuestpassPluginOptions = {
    organization: { id: 'acme', name: 'Acme' },
    mail: { transport: 'outbox' },
    secrets: ['s'.repeat(32)],
    publicUrl: 'http://127.0.0.1:4000',
    logLevel: 'silent',
  };

  it('maps to REDIS_CLUSTER_NODES, _TLS, _USERNAME and _PASSWORD', async () => {
    const config = await pluginConfig({
      ...valid,
      redisClusterNodes: ['10.0.0.1:6379', '10.0.0.2:6379'],
      redisCluster: { tls: true, username: 'u', password: 'p' },
    });
    expect(config.redisCluster).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 6379 },
        { host: '10.0.0.2', port: 6379 },
      ],
      tls: true,
      username: 'u',
      password: 'p',
    });
  });

  it('names the options in its problems', async () => {
    await expect(
      pluginConfig({ ...valid, redisUrl: 'redis://x:1', redisClusterNodes: ['nope'] }),
    ).rejects.toMatchObject({
      problems: [
        'redisClusterNodes: not together with REDIS_URL; set REDIS_URL for one Redis or REDIS_CLUSTER_NODES for a Redis Cluster',
        'redisClusterNodes: "nope" is not host:port (comma-separated seed nodes, e.g. 10.0.0.1:6379,10.0.0.2:6379)',
      ],
    });
    await expect(pluginConfig({ ...valid, redisCluster: { password: 'p' } })).rejects.toMatchObject(
      {
        problems: [
          expect.stringMatching(/^redisCluster\.password: only used with REDIS_CLUSTER_NODES/),
        ],
      },
    );
  });
});

describe('the Cluster client settings', () => {
  const nodes = [{ host: 'redis-1.internal', port: 6379 }];

  it('fail closed and fast, and read from masters', () => {
    const options = clusterOptions({ nodes, tls: false, username: undefined, password: undefined });
    expect(options).toMatchObject({
      enableOfflineQueue: false,
      scaleReads: 'master',
      retryDelayOnFailover: 0,
      retryDelayOnClusterDown: 0,
      redisOptions: { connectTimeout: 2000 },
    });
    expect(options.redisOptions).not.toHaveProperty('tls');
    expect(options.redisOptions).not.toHaveProperty('password');
    expect(options.dnsLookup).toBeUndefined();
    // reconnects forever, at most a second apart
    expect([1, 5, 50].map((n) => options.clusterRetryStrategy?.(n))).toEqual([100, 500, 1000]);
  });

  it('with TLS and a password: every node gets them, and keeps its name for the certificate', () => {
    const options = clusterOptions({ nodes, tls: true, username: 'u', password: 'p' });
    expect(options.redisOptions).toMatchObject({ tls: {}, username: 'u', password: 'p' });
    let resolved: string | undefined;
    options.dnsLookup?.('redis-1.internal', (_error, address) => (resolved = address));
    expect(resolved).toBe('redis-1.internal');
  });
});
