import { randomBytes } from 'node:crypto';
import { startJourneyWorld } from './guest-journey.js';
import type { JourneyWorld } from './guest-journey.js';
import { startRedisCluster } from './redis-cluster.js';
import type { TestCluster } from './redis-cluster.js';

/** Guestpass (real HTTP, SendGrid stand-in) on a real 3-master Redis Cluster of its own. */
export interface ClusterWorld {
  cluster: TestCluster;
  world: JourneyWorld;
  /** the key prefix of this world (REDIS_KEY_PREFIX) */
  prefix: string;
  close(): Promise<void>;
}

export async function startClusterWorld(
  options: { durable?: boolean; nodeTimeoutMs?: number; env?: Record<string, string> } = {},
): Promise<ClusterWorld> {
  const { env = {}, ...clusterOptions } = options;
  const cluster = await startRedisCluster(clusterOptions);
  const prefix = `cluster-${randomBytes(3).toString('hex')}:`;
  try {
    const world = await startJourneyWorld({ ...cluster.env, REDIS_KEY_PREFIX: prefix, ...env });
    return {
      cluster,
      world,
      prefix,
      async close() {
        await world.close();
        await cluster.stop();
      },
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

export interface ClientCredentials {
  client_id: string;
  client_secret: string;
}

/** HTTP Basic client authentication (RFC 6749 section 2.3.1) */
export const basicAuth = (client: ClientCredentials) =>
  `Basic ${Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64')}`;

/** a form POST to one of the tenant's endpoints (`token`, `token/introspection`, …) as `client` */
export async function postAsClient(
  world: JourneyWorld,
  tenant: string,
  endpoint: string,
  client: ClientCredentials,
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${world.t.url}/${tenant}/${endpoint}`, {
    method: 'POST',
    headers: {
      authorization: basicAuth(client),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
