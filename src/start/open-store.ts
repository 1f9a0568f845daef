import { join } from 'node:path';
import type { Config } from '../../config/config.js';
import { DevStoreFile } from '../dev/dev-store-file.js';
import { MemoryStore } from '../store/memory-store.js';
import { RedisStore } from '../store/redis-store.js';
import type { Store } from '../store/store.js';
import type { Logger } from '../util/logger.js';

/** The store the server runs on, and the development data file that keeps it, if any. */
export interface OpenedStore {
  store: Store;
  devFile: DevStoreFile | undefined;
}

/**
 * Redis (one or a cluster) when configured: started at once, with a log line while it cannot
 * be reached and one when it connects (the server answers meanwhile: /readyz says 503).
 * Otherwise the embedded store, kept in `devDir`/store.json when a development folder is given.
 */
export async function openStore(
  config: Config,
  logger: Logger,
  devDir: string | undefined,
): Promise<OpenedStore> {
  const redis = config.redisCluster ?? config.redisUrl;
  if (redis === undefined) {
    if (devDir === undefined) return { store: new MemoryStore(), devFile: undefined };
    const devFile = await DevStoreFile.open(join(devDir, 'store.json'), logger);
    return { store: devFile.store, devFile };
  }
  const store = new RedisStore(redis);
  const where = config.redisCluster
    ? `the Redis Cluster ${config.redisCluster.nodes.map((n) => `${n.host}:${n.port}`).join(',')} (REDIS_CLUSTER_NODES)`
    : `Redis at ${redisHost(config.redisUrl ?? '')} (REDIS_URL)`;
  if (await store.waitUntilReady(1000)) {
    logger.info('store.connected', { message: `connected to ${where}` });
    return { store, devFile: undefined };
  }
  logger.warn('store.waiting', {
    message: `waiting for ${where}; /readyz answers 503 and sign-ins fail until it connects`,
  });
  void (async () => {
    while (!(await store.waitUntilReady(30_000)))
      logger.warn('store.waiting', { message: `still waiting for ${where}` });
    logger.info('store.connected', { message: `connected to ${where}` });
  })();
  return { store, devFile: undefined };
}

/** host:port of a Redis URL, never its credentials */
function redisHost(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || '6379'}`;
}
