/** `--limit` and `--cursor` of a command that prints a page of an admin API list */
export interface PageOptions {
  limit?: number;
  cursor?: string;
}

/** the query string (`?limit=…&cursor=…`, or '' when neither was given) */
export function pageSearch(options: PageOptions): string {
  const query = new URLSearchParams();
  if (options.limit !== undefined) query.set('limit', String(options.limit));
  if (options.cursor !== undefined) query.set('cursor', options.cursor);
  return query.size ? `?${query}` : '';
}

/** the line after a page that more follow: the same command, for the next page */
export function moreLine(command: string, options: PageOptions, next: string): string {
  const limit = options.limit === undefined ? '' : ` --limit ${options.limit}`;
  return `More: ${command}${limit} --cursor ${next}`;
}

/**
 * A page of a list as the CLI prints it: its table, how many there are in all (`count`), and
 * the command for the next page when more follow.
 */
export function pageText(
  table: string,
  count: string,
  page: { next: string | null },
  command: string,
  options: PageOptions,
): string {
  const lines = [table, '', count];
  if (page.next) lines.push(moreLine(command, options, page.next));
  return lines.join('\n');
}
