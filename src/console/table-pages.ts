import type { Visit } from './visit.js';

/** rows a page of a console table */
export const rowsPerPage = 25;

/** the page number a visit asks for (`?page=`, 1 when absent or not a number) */
export function askedPage(v: Visit): number {
  return Math.max(1, Number.parseInt(String(v.ctx.query.page ?? '1'), 10) || 1);
}

/**
 * The page of `items` (all of them, read whole) the visit asks for, clamped to the last one;
 * `link(p)` is the URL of page p, for the previous and next links.
 */
export function pageOf<T>(
  v: Visit,
  items: readonly T[],
  link: (page: number) => string,
): { shown: T[]; page: number; pages: number; prev?: string; next?: string } {
  const pages = Math.max(1, Math.ceil(items.length / rowsPerPage));
  const page = Math.min(pages, askedPage(v));
  return {
    shown: items.slice((page - 1) * rowsPerPage, page * rowsPerPage),
    page,
    pages,
    ...(page > 1 ? { prev: link(page - 1) } : {}),
    ...(page < pages ? { next: link(page + 1) } : {}),
  };
}
