import { CsvSyntaxError, parseCsv } from './csv.js';

/** What one row of the file asks for (the API's invitation fields). */
export interface InvitationRow {
  /** the line the row starts on */
  readonly line: number;
  readonly email: string;
  readonly displayName?: string;
  readonly redirectUrl?: string;
  readonly sendEmail?: boolean;
}

/** The file's problems, each naming its line and column; nothing is sent while there is one. */
export class InvitationCsvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'InvitationCsvError';
  }
}

type Field = 'email' | 'displayName' | 'redirectUrl' | 'sendEmail' | 'customizedMessageBody';

/**
 * Column names, compared without case, spaces, dashes or underscores: Entra's bulk-invite
 * template names each column by a key in brackets (`Email address to invite [inviteeEmail]
 * Required`), a plain file by the API's field names or their words.
 */
const columnNames: Record<string, Field> = {
  inviteeemail: 'email',
  email: 'email',
  emailaddress: 'email',
  emailaddresstoinvite: 'email',
  displayname: 'displayName',
  name: 'displayName',
  inviteredirecturl: 'redirectUrl',
  redirecturl: 'redirectUrl',
  redirectionurl: 'redirectUrl',
  sendemail: 'sendEmail',
  sendinvitationmessage: 'sendEmail',
  customizedmessagebody: 'customizedMessageBody',
  customizedinvitationmessage: 'customizedMessageBody',
};

const squash = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');

/** The field a header cell names: its `[key]` when it has one, else its words; undefined if none. */
export function fieldOfHeader(header: string): Field | undefined {
  const key = /\[([^\]]+)\]/.exec(header)?.[1];
  if (key !== undefined) return columnNames[squash(key)];
  // "Send invitation message (true or false)", "Email address to invite Required"
  const words = header
    .replace(/\(.*?\)/g, '')
    .replace(/\brequired\b/i, '')
    .trim();
  return columnNames[squash(words)];
}

/** true / false as a spreadsheet may write them; undefined for anything else */
export function parseBoolean(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(v)) return true;
  if (['false', 'no', 'n', '0'].includes(v)) return false;
  return undefined;
}

export interface ParsedInvitationCsv {
  readonly rows: InvitationRow[];
  /** things worth saying that do not stop the import (an ignored column) */
  readonly notes: string[];
}

const blank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/**
 * Reads an invitation CSV: Entra's bulk-invite template (a first line `version:v1.0`, then
 * its header, and its example line, which is skipped) or a plain header
 * (`email,displayName,redirectUrl,sendEmail`). Blank lines are skipped. Every problem is
 * collected, naming its line and column, and thrown together.
 */
export function parseInvitationCsv(text: string): ParsedInvitationCsv {
  let records;
  try {
    records = parseCsv(text).filter((r) => !blank(r.cells));
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new InvitationCsvError([error.message]);
    throw error;
  }
  if (/^version:/i.test(records[0]?.cells[0]?.trim() ?? '')) records = records.slice(1);
  const [header, ...body] = records;
  if (!header) throw new InvitationCsvError(['the file has no header line (and no rows)']);

  const problems: string[] = [];
  const notes: string[] = [];
  const columns = new Map<Field, number>();
  header.cells.forEach((name, at) => {
    const field = fieldOfHeader(name);
    if (!field) {
      notes.push(`column "${name.trim()}" is not one Guestpass reads; it is ignored`);
      return;
    }
    if (columns.has(field))
      problems.push(
        `line ${header.line}: columns "${header.cells[columns.get(field)!]}" and "${name}" both name ${field}`,
      );
    else columns.set(field, at);
  });
  const emailAt = columns.get('email');
  if (emailAt === undefined) {
    problems.push(
      `line ${header.line}: no email column (Entra's "Email address to invite [inviteeEmail] Required", or "email")`,
    );
    throw new InvitationCsvError(problems);
  }
  const cell = (cells: readonly string[], field: Field) => {
    const at = columns.get(field);
    return at === undefined ? '' : (cells[at] ?? '').trim();
  };
  const columnName = (field: Field) => `"${header.cells[columns.get(field)!]!.trim()}"`;

  const rows: InvitationRow[] = [];
  let customized = false;
  body.forEach(({ line, cells }, n) => {
    // Entra's template: the line under the header shows examples ("Example: …")
    if (n === 0 && /^example:/i.test(cells[emailAt]?.trim() ?? '')) return;
    const email = cell(cells, 'email');
    if (email === '') {
      problems.push(`line ${line}, column ${columnName('email')}: no email address`);
      return;
    }
    const sendEmail = cell(cells, 'sendEmail');
    const flag = sendEmail === '' ? undefined : parseBoolean(sendEmail);
    if (sendEmail !== '' && flag === undefined) {
      problems.push(
        `line ${line}, column ${columnName('sendEmail')}: "${sendEmail}" is not true or false`,
      );
      return;
    }
    if (cell(cells, 'customizedMessageBody') !== '') customized = true;
    const displayName = cell(cells, 'displayName');
    const redirectUrl = cell(cells, 'redirectUrl');
    rows.push({
      line,
      email,
      ...(displayName ? { displayName } : {}),
      ...(redirectUrl ? { redirectUrl } : {}),
      ...(flag === undefined ? {} : { sendEmail: flag }),
    });
  });
  if (customized)
    notes.push(
      `column ${columnName('customizedMessageBody')}: Guestpass sends its own invitation text; the customized messages are ignored`,
    );
  if (problems.length > 0) throw new InvitationCsvError(problems);
  return { rows, notes };
}
