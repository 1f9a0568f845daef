/** Human-readable output: aligned tables for lists, `key: value` lines for one object. */

/** Server text goes to a terminal: control characters (ANSI escapes, CR) are shown, not obeyed. */
const safe = (text: string) =>
  text.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** One value as a table cell or after `key:`; empty values show as `-`. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (Array.isArray(value)) return value.length ? value.map(formatValue).join(', ') : '-';
  if (typeof value === 'object') return safe(JSON.stringify(value));
  return safe(String(value));
}

export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => unknown;
}

/** An aligned table with a header line; `empty` is said instead when there are no rows. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[], empty: string): string {
  if (rows.length === 0) return empty;
  const cells = [
    columns.map((c) => c.header),
    ...rows.map((row) => columns.map((c) => formatValue(c.value(row)))),
  ];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => (line[i] ?? '').length)));
  return cells
    .map((line) =>
      line
        .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  '),
    )
    .join('\n');
}

/** Nested objects become dotted keys (`policy.emailOtp.enabled`), so every line is one value. */
function flatten(record: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(record).flatMap(([key, value]): [string, unknown][] =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? flatten(value as Record<string, unknown>, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value]],
  );
}

/** `key: value` lines with the values aligned. */
export function fields(record: Record<string, unknown>): string {
  const entries = flatten(record);
  const width = Math.max(0, ...entries.map(([key]) => key.length + 1));
  return entries
    .map(([key, value]) => `${`${key}:`.padEnd(width)} ${formatValue(value)}`)
    .join('\n');
}
