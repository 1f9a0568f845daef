import { Cluster, Redis } from 'ioredis';
import type { ClusterOptions, RedisOptions } from 'ioredis';

/** A Redis Cluster to run on (REDIS_CLUSTER_NODES and its settings; README "Redis Cluster"). */
export interface RedisClusterConfig {
  /** seed nodes: any reachable ones will do, the client learns the others from them */
  readonly nodes: readonly { readonly host: string; readonly port: number }[];
  /** TLS to every node (REDIS_CLUSTER_TLS) */
  readonly tls: boolean;
  /** ACL user and password every node requires (REDIS_CLUSTER_USERNAME, REDIS_CLUSTER_PASSWORD) */
  readonly username: string | undefined;
  readonly password: string | undefined;
}

/** the settings of every connection to one Redis (or to one node of a cluster) */
export const connectionOptions = {
  maxRetriesPerRequest: 1,
  // a command's own timeout is the store's (src/store/command-deadlines.ts)
  connectTimeout: 2000,
} as const satisfies RedisOptions;

/** what each node connection of a cluster gets: credentials, TLS and the timeouts above */
function nodeOptions(config: RedisClusterConfig): RedisOptions {
  return {
    ...connectionOptions,
    ...(config.username !== undefined ? { username: config.username } : {}),
    ...(config.password !== undefined ? { password: config.password } : {}),
    // certificates are checked against the node's name (Node's default CAs, plus NODE_EXTRA_CA_CERTS)
    ...(config.tls ? { tls: {} } : {}),
  };
}

/**
 * ioredis Cluster options for Guestpass: fail closed and fast, as with one Redis.
 * - no offline queue: while the cluster is unreachable a command fails at once (503);
 * - a command for a master that is down fails at once (no failover retries, no waiting on
 *   CLUSTERDOWN) instead of holding the guest's request; TRYAGAIN (a slot moving) and
 *   MOVED/ASK (resharding) are followed as usual;
 * - reads and writes go to masters (what was just written is what is read);
 * - reconnects forever, and learns the slots again every few seconds, so service comes back
 *   on its own when a master does.
 * With TLS the node names are kept as announced (no DNS lookup first), so certificates match.
 */
export function clusterOptions(config: RedisClusterConfig): ClusterOptions {
  return {
    enableOfflineQueue: false,
    enableReadyCheck: true,
    scaleReads: 'master',
    retryDelayOnFailover: 0,
    retryDelayOnClusterDown: 0,
    retryDelayOnTryAgain: 100,
    maxRedirections: 16,
    clusterRetryStrategy: (times) => Math.min(times * 100, 1000),
    slotsRefreshTimeout: 2000,
    slotsRefreshInterval: 5000,
    redisOptions: nodeOptions(config),
    ...(config.tls
      ? {
          dnsLookup: (address: string, callback: (error: null, address: string) => void) =>
            callback(null, address),
        }
      : {}),
  };
}

/**
 * The Cluster client. Once it is ready, each node connection is opened at once, not by its
 * first command: without an offline queue, the commands sent to a node while it is still
 * connecting would fail. (Not before: ioredis's own ready check must find them unopened.)
 */
export function createClusterClient(
  config: RedisClusterConfig,
  /** send a tick's commands to one node as one pipeline (src/store/redis-store.ts, `together`) */
  autoPipelining = false,
): Cluster {
  const cluster = new Cluster(
    config.nodes.map(({ host, port }) => ({ host, port })),
    {
      ...clusterOptions(config),
      enableAutoPipelining: autoPipelining,
    },
  );
  const open = (node: Redis) => {
    if (cluster.status === 'ready' && node.status === 'wait') node.connect().catch(() => {});
  };
  cluster.on('ready', () => cluster.nodes('master').forEach(open));
  // a node learned later (a MOVED to it connects it itself: after that command)
  cluster.on('+node', (node: Redis) => setImmediate(() => open(node)));
  return cluster;
}

/** resolves once every master's connection is ready, or after `timeoutMs`; never rejects */
export async function mastersReady(cluster: Cluster, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const masters = cluster.nodes('master');
    if (masters.length && masters.every((node) => node.status === 'ready')) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A connection to each master that serves slots, as the cluster's slot table names them
 * (learned again first): the pool's connection when it has one, else a connection of its own
 * (`owned`, to close after use) — a master the pool dropped is still swept, or reported.
 */
export async function eachMaster(
  cluster: Cluster,
  config: RedisClusterConfig,
): Promise<{ name: string; redis: Redis; owned: boolean }[]> {
  await new Promise<void>((resolve) => cluster.refreshSlotsCache(() => resolve()));
  const names = new Set<string>();
  for (const owners of cluster.slots) if (owners?.[0]) names.add(owners[0]);
  const pooled = new Map(
    cluster.nodes('master').map((redis) => [`${redis.options.host}:${redis.options.port}`, redis]),
  );
  return [...names].map((name) => {
    const redis = pooled.get(name);
    if (redis && redis.status !== 'end') return { name, redis, owned: false };
    const at = name.lastIndexOf(':');
    const own = new Redis({
      ...nodeOptions(config),
      host: name.slice(0, at),
      port: Number(name.slice(at + 1)),
      retryStrategy: () => null,
      lazyConnect: true,
    });
    own.on('error', () => {});
    return { name, redis: own, owned: true };
  });
}
