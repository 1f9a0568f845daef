import { z } from 'zod';

/**
 * `limit` (1–500, 50 unless given) and `cursor` of a page of an admin list; `isCursor` says
 * what a cursor of that list looks like, so a made-up one is refused naming the field
 * instead of reaching Redis.
 */
/** whether a list request asks for a page (`limit` or `cursor`) rather than the whole list */
export const asksForPage = (query: Record<string, unknown>): boolean =>
  query.limit !== undefined || query.cursor !== undefined;

export function pageQuery(isCursor: (value: string) => boolean) {
  return z.object({
    limit: z.coerce
      .number({ error: 'must be a whole number' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(500, { error: 'must be at most 500' })
      .default(50),
    cursor: z
      .string()
      .refine(isCursor, { error: 'must be a cursor from a previous page' })
      .optional(),
  });
}
