/**
 * Bulk invitations from a CSV, as Entra's "Bulk invite" template writes it (a
 * `version:v1.0` line, then headers like `Email address to invite [inviteeEmail] Required`),
 * or a plain header row (`email,display name,redirect url,send invitation message`), or no
 * header at all (those four columns in that order). Only the columns are read here: every
 * entry's values are checked by the admin API, which answers per entry.
 */

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const source = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',' || c === ';') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((value) => value.trim() !== ''));
}

export interface BatchEntry {
  email: string;
  displayName?: string;
  redirectUrl?: string;
  /** true/false as written; anything else is passed on for the API to name */
  sendEmail?: boolean | string;
}

type Column = keyof BatchEntry;

/** Which entry field a header names (Entra's bracketed names, or plain words). */
export function columnOf(header: string): Column | undefined {
  const h = header.toLowerCase().replace(/[^a-z]/g, '');
  if (h.includes('inviteeemail') || h.startsWith('email') || h === 'mail') return 'email';
  if (h.includes('redirect')) return 'redirectUrl';
  if (h.includes('send')) return 'sendEmail';
  if (h.includes('displayname') || h === 'name') return 'displayName';
  return undefined;
}

const yes = new Set(['true', 'yes', 'y', '1']);
const no = new Set(['false', 'no', 'n', '0']);

/** The batch entries of a CSV; `redirectUrl` fills rows that name none. */
export function invitationsFromCsv(
  text: string,
  defaults: { redirectUrl?: string; sendEmail?: boolean } = {},
): { entries: BatchEntry[] } | { problem: string } {
  const rows = parseCsv(text);
  if (/^version:/i.test(rows[0]?.[0]?.trim() ?? '')) rows.shift();
  const header = rows[0] ?? [];
  const named = header.map(columnOf);
  let columns: (Column | undefined)[];
  if (named.includes('email')) {
    columns = named;
    rows.shift();
  } else if (header[0]?.includes('@')) {
    columns = ['email', 'displayName', 'redirectUrl', 'sendEmail'];
  } else {
    return {
      problem:
        'The CSV needs an email column: a header row naming it ("email" or Entra\'s "[inviteeEmail]"), or addresses in the first column.',
    };
  }
  const entries = rows.map((row) => {
    const entry: BatchEntry = { email: '' };
    columns.forEach((column, i) => {
      const value = row[i]?.trim() ?? '';
      if (!column || value === '') return;
      if (column === 'sendEmail') {
        const lower = value.toLowerCase();
        entry.sendEmail = yes.has(lower) ? true : no.has(lower) ? false : value;
      } else entry[column] = value;
    });
    if (entry.redirectUrl === undefined && defaults.redirectUrl)
      entry.redirectUrl = defaults.redirectUrl;
    if (entry.sendEmail === undefined && defaults.sendEmail !== undefined)
      entry.sendEmail = defaults.sendEmail;
    return entry;
  });
  if (entries.length === 0) return { problem: 'The CSV has no invitations in it.' };
  return { entries };
}
