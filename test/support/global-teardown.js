export default async function globalTeardown() {
  const redis = /** @type {{ stop?: () => Promise<void> } | undefined} */ (
    /** @type {Record<string, unknown>} */ (globalThis).__guestpassRedis
  );
  await redis?.stop?.();
}
