import { randomBytes } from 'node:crypto';

/** The URL of the run's redis-server, left by global setup in the workers' environment. */
export function testRedisUrl(): string {
  const url = process.env.GUESTPASS_TEST_REDIS_URL;
  if (!url)
    throw new Error(
      'GUESTPASS_TEST_REDIS_URL is not set: run the tests with npm test (jest global setup starts Redis)',
    );
  return url;
}

/**
 * A name no other test uses — a tenant id (it fits `^[a-z0-9][a-z0-9-]{1,62}$` for a short
 * lower-case prefix) or the local part of an address — so that each test creates what it
 * needs and never depends on what another test left behind, whatever the order.
 */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
