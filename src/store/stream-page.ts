import type { Store, StreamEntry } from './store.js';

/**
 * One page of a log kept as a stream (the sign-in log, the mail log), newest first: its
 * entries as `read` makes them, and the cursor of the next page (null at the end).
 */
export async function streamPage<T>(
  store: Pick<Store, 'streamRange'>,
  key: string,
  limit: number,
  cursor: string | undefined,
  read: (entry: StreamEntry) => T,
): Promise<{ items: T[]; next: string | null }> {
  const entries = await store.streamRange(key, cursor, limit);
  return {
    items: entries.map(read),
    next: entries.length === limit ? (entries.at(-1)?.id ?? null) : null,
  };
}
