import { readFile } from 'node:fs/promises';
import { seg } from '../api-client.js';
import type { BatchResult } from '../api-types.js';
import type { CliContext } from '../context.js';
import { print } from '../context.js';
import { InvitationCsvError, parseInvitationCsv } from '../csv/invitation-csv.js';
import type { InvitationRow } from '../csv/invitation-csv.js';
import { ApiError, CliError, exitCodes, usageError } from '../errors.js';
import { table } from '../output.js';

/** the most rows one request of the batch endpoint takes */
const chunkSize = 1000;
/** how long one chunk may take (the server mails its rows before it answers) */
const chunkWaitMs = 10 * 60_000;

export interface CsvInviteOptions {
  /** the redirect URL of rows that have none */
  readonly redirectUrl?: string | undefined;
  /** whether rows without a "send" value are mailed (false with --no-email) */
  readonly email: boolean;
  readonly force: boolean;
}

/** One row's outcome as printed: the file's line, and what the API answered for it. */
interface RowOutcome extends BatchResult {
  readonly line: number;
  /** whether the row asked for the invitation mail */
  readonly mailWanted?: boolean;
}

async function readCsv(file: string): Promise<string> {
  try {
    if (file !== '-') return await readFile(file, 'utf8');
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    throw usageError(
      `--csv: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
}

/** the API's reason without the entry's place in the request (the table names the line) */
const reasonOf = (result: RowOutcome): string | undefined =>
  result.status === 'error'
    ? (result.error_description ?? result.error)?.replace(/^invitations\[\d+\](\.|: )/, '')
    : result.emailSent === false && result.mailWanted
      ? 'the invitation email could not be sent: give the guest the redeem URL'
      : undefined;

/**
 * `invite <tenant> --csv file`: checks the whole file first (any problem: nothing is sent,
 * every problem is listed), then sends its rows in chunks of 1,000 to the batch endpoint,
 * with progress on stderr, and prints one line per row. A chunk the server refuses as a
 * whole after others went through marks its rows and the rest as not sent, so every row is
 * accounted for. Exit code 1 when any row failed.
 */
export async function inviteFromCsv(
  ctx: CliContext,
  tenant: string,
  file: string,
  options: CsvInviteOptions,
): Promise<void> {
  let rows: InvitationRow[];
  try {
    const parsed = parseInvitationCsv(await readCsv(file));
    rows = parsed.rows;
    for (const note of parsed.notes) process.stderr.write(`guestpass: ${file}: ${note}\n`);
  } catch (error) {
    if (!(error instanceof InvitationCsvError)) throw error;
    throw new CliError(
      `${file}: nothing was sent, the file has ${error.problems.length === 1 ? 'a problem' : `${error.problems.length} problems`}:\n${error.problems.map((p) => `  ${p}`).join('\n')}`,
      exitCodes.usage,
    );
  }
  if (rows.length === 0) throw usageError(`${file}: no rows to invite`);

  const outcomes: RowOutcome[] = [];
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    const invitations = chunk.map((row) => ({
      email: row.email,
      ...(row.displayName === undefined ? {} : { displayName: row.displayName }),
      ...((row.redirectUrl ?? options.redirectUrl)
        ? { redirectUrl: row.redirectUrl ?? options.redirectUrl }
        : {}),
      sendEmail: row.sendEmail ?? options.email,
    }));
    let results: BatchResult[];
    try {
      const response = await ctx.api.request(
        'POST',
        `/tenants/${seg(tenant)}/invitations/batch`,
        { invitations, ...(options.force ? { force: true } : {}) },
        chunkWaitMs,
      );
      results = (response.body as { results: BatchResult[] }).results;
    } catch (error) {
      // nothing went through yet: the error is the answer
      if (start === 0 || !(error instanceof ApiError || error instanceof CliError)) throw error;
      const reason = `not sent: ${error.message}`;
      for (const row of rows.slice(start))
        outcomes.push({
          line: row.line,
          email: row.email,
          status: 'error',
          error: 'not_sent',
          error_description: reason,
        });
      process.stderr.write(
        `guestpass: ${reason}; the rows from line ${rows[start]!.line} on were not sent\n`,
      );
      break;
    }
    chunk.forEach((row, i) =>
      outcomes.push({
        ...(results[i] ?? { email: row.email, status: 'error', error: 'no_answer' }),
        line: row.line,
        mailWanted: invitations[i]!.sendEmail,
      }),
    );
    process.stderr.write(
      `guestpass: ${Math.min(start + chunkSize, rows.length)} of ${rows.length} rows sent\n`,
    );
  }

  const count = (status: string) => outcomes.filter((o) => o.status === status).length;
  const summary = {
    created: count('created'),
    existing: count('existing'),
    failed: count('error'),
  };
  if (ctx.json) {
    print(
      JSON.stringify(
        { results: outcomes.map(({ mailWanted: _, ...outcome }) => outcome), summary },
        null,
        2,
      ),
    );
  } else {
    print(
      table(
        outcomes,
        [
          { header: 'LINE', value: (o) => o.line },
          { header: 'EMAIL', value: (o) => o.email },
          { header: 'RESULT', value: (o) => o.status },
          { header: 'REASON', value: reasonOf },
        ],
        'no rows',
      ),
    );
    print(
      `\n${summary.created} created, ${summary.existing} existing, ${summary.failed} failed (${outcomes.length} rows)`,
    );
  }
  if (summary.failed > 0) process.exitCode = exitCodes.api;
}
