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
