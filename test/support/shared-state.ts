/** The URL of the run's redis-server, left by global setup in the workers' environment. */
export function testRedisUrl(): string {
  const url = process.env.GUESTPASS_TEST_REDIS_URL;
  if (!url)
    throw new Error(
      'GUESTPASS_TEST_REDIS_URL is not set: run the tests with npm test (jest global setup starts Redis)',
    );
  return url;
}
