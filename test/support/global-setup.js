import { startRedisServer } from './redis-server.js';

/** One redis-server for the whole run, on a free port; the workers find it in their environment. */
export default async function globalSetup() {
  const redis = await startRedisServer();
  process.env.GUESTPASS_TEST_REDIS_URL = redis.url;
  /** @type {Record<string, unknown>} */ (globalThis).__guestpassRedis = redis;
}
