/** One record of a CSV file: its cells, and the line it starts on (1-based, as an editor shows). */
export interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

/** A file that is not CSV: what is wrong, and the line it was found on. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Parses CSV as RFC 4180 writes it, and as spreadsheets save it: a UTF-8 byte order mark is
 * dropped; records end with CRLF, LF or CR; a quoted cell may hold commas, line breaks and
 * doubled quotes (`""` is one `"`). A quote inside an unquoted cell, or text after a closing
 * quote, is an error naming the line (a spreadsheet never writes either). Blank lines are
 * kept as records of one empty cell; callers skip them.
 */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  /** after a closing quote: only a comma or a line break may follow */
  let closed = false;
  const endCell = () => {
    cells.push(cell);
    cell = '';
    closed = false;
  };
  const endRecord = () => {
    endCell();
    records.push({ line: recordLine, cells });
    cells = [];
  };
  while (i < input.length) {
    const c = input[i]!;
    if (c === ',') {
      endCell();
      i += 1;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
    } else if (closed) {
      throw new CsvSyntaxError(
        line,
        'text after a closing quote (a quote inside a quoted cell is written "")',
      );
    } else if (c === '"') {
      if (cell !== '')
        throw new CsvSyntaxError(
          line,
          'a quote inside an unquoted cell (quote the whole cell, and write the quote as "")',
        );
      const opened = line;
      i += 1;
      for (;;) {
        if (i >= input.length) throw new CsvSyntaxError(opened, 'a quoted cell is never closed');
        const q = input[i]!;
        if (q === '"') {
          if (input[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (q === '\n' || (q === '\r' && input[i + 1] !== '\n')) line += 1;
        cell += q;
        i += 1;
      }
      closed = true;
    } else {
      cell += c;
      i += 1;
    }
  }
  // the last record, unless the file ended with its line break
  if (cell !== '' || cells.length > 0 || closed) endRecord();
  return records;
}
