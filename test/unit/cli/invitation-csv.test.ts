import { describe, expect, it } from '@jest/globals';
import { CsvSyntaxError, parseCsv } from '../../../src/cli/csv/csv.js';
import {
  fieldOfHeader,
  InvitationCsvError,
  parseBoolean,
  parseInvitationCsv,
} from '../../../src/cli/csv/invitation-csv.js';

describe('parseCsv (RFC 4180, as spreadsheets save it)', () => {
  it.each<[string, string, { line: number; cells: string[] }[]]>([
    [
      'plain cells',
      'a,b\nc,d\n',
      [
        { line: 1, cells: ['a', 'b'] },
        { line: 2, cells: ['c', 'd'] },
      ],
    ],
    [
      'no final line break',
      'a,b\nc,d',
      [
        { line: 1, cells: ['a', 'b'] },
        { line: 2, cells: ['c', 'd'] },
      ],
    ],
    [
      'CRLF',
      'a,b\r\nc,d\r\n',
      [
        { line: 1, cells: ['a', 'b'] },
        { line: 2, cells: ['c', 'd'] },
      ],
    ],
    [
      'CR alone',
      'a\rb\r',
      [
        { line: 1, cells: ['a'] },
        { line: 2, cells: ['b'] },
      ],
    ],
    [
      'a byte order mark',
      '\uFEFFemail\nx',
      [
        { line: 1, cells: ['email'] },
        { line: 2, cells: ['x'] },
      ],
    ],
    ['a quoted comma', '"Doe, Ann",b', [{ line: 1, cells: ['Doe, Ann', 'b'] }]],
    ['doubled quotes', '"say ""hi""",b', [{ line: 1, cells: ['say "hi"', 'b'] }]],
    ['an empty quoted cell', 'a,""', [{ line: 1, cells: ['a', ''] }]],
    ['empty cells', ',,', [{ line: 1, cells: ['', '', ''] }]],
    [
      'a line break inside quotes (the next record keeps its own line number)',
      '"two\r\nlines",b\nc',
      [
        { line: 1, cells: ['two\r\nlines', 'b'] },
        { line: 3, cells: ['c'] },
      ],
    ],
    [
      'a blank line',
      'a\n\nb',
      [
        { line: 1, cells: ['a'] },
        { line: 2, cells: [''] },
        { line: 3, cells: ['b'] },
      ],
    ],
    ['spaces kept', ' a , b ', [{ line: 1, cells: [' a ', ' b '] }]],
  ])('%s', (_name, text, records) => {
    expect(parseCsv(text)).toEqual(records);
  });

  it.each([
    [
      'an unclosed quote, named at the line it opens',
      'a\n"b,c\nd',
      2,
      'a quoted cell is never closed',
    ],
    ['a quote inside an unquoted cell', 'a\nab"c,d', 2, 'a quote inside an unquoted cell'],
    ['text after a closing quote', '"a"b,c', 1, 'text after a closing quote'],
  ])('refuses %s', (_name, text, line, problem) => {
    let thrown: unknown;
    try {
      parseCsv(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CsvSyntaxError);
    expect((thrown as CsvSyntaxError).line).toBe(line);
    expect((thrown as CsvSyntaxError).message).toContain(`line ${line}: ${problem}`);
  });
});

describe('invitation CSV columns', () => {
  it.each([
    ['Email address to invite [inviteeEmail] Required', 'email'],
    ['Redirection url [inviteRedirectURL] Required', 'redirectUrl'],
    ['Send invitation message (true or false) [sendEmail]', 'sendEmail'],
    ['Customized invitation message [customizedMessageBody]', 'customizedMessageBody'],
    ['Display name [displayName]', 'displayName'],
    ['Display name', 'displayName'],
    ['email', 'email'],
    ['Email Address', 'email'],
    ['displayName', 'displayName'],
    ['redirectUrl', 'redirectUrl'],
    ['redirect_url', 'redirectUrl'],
    ['sendEmail', 'sendEmail'],
    ['Send invitation message (true or false)', 'sendEmail'],
    [' EMAIL ', 'email'],
    ['Department', undefined],
    ['Something [unknownKey]', undefined],
  ])('%j names %s', (header, field) => {
    expect(fieldOfHeader(header)).toBe(field);
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['Yes', true],
    ['1', true],
    ['false', false],
    ['False', false],
    ['no', false],
    ['0', false],
    [' true ', true],
    ['maybe', undefined],
    ['', undefined],
  ])('the boolean %j is %s', (value, answer) => {
    expect(parseBoolean(value)).toBe(answer);
  });
});

describe('parseInvitationCsv', () => {
  const entra = [
    'version:v1.0',
    'Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail],Customized invitation message [customizedMessageBody]',
    'Example: example@example.com,Example: https://myapps.microsoft.com,true,Example: Hello',
    'ann@contoso.com,https://portal.fabrikam.com,true,',
    'bob@contoso.com,https://portal.fabrikam.com,FALSE,Welcome!',
    'cy@contoso.com,,,',
  ].join('\r\n');

  it("reads Entra's bulk-invite template: the version line and the example line are skipped", () => {
    const parsed = parseInvitationCsv(`\uFEFF${entra}\r\n`);
    expect(parsed.rows).toEqual([
      {
        line: 4,
        email: 'ann@contoso.com',
        redirectUrl: 'https://portal.fabrikam.com',
        sendEmail: true,
      },
      {
        line: 5,
        email: 'bob@contoso.com',
        redirectUrl: 'https://portal.fabrikam.com',
        sendEmail: false,
      },
      { line: 6, email: 'cy@contoso.com' },
    ]);
    expect(parsed.notes).toEqual([
      'column "Customized invitation message [customizedMessageBody]": Guestpass sends its own invitation text; the customized messages are ignored',
    ]);
  });

  it('reads a plain header in any column order, with quoted names and blank lines', () => {
    const parsed = parseInvitationCsv(
      'sendEmail,displayName,email,redirectUrl,Department\n\nno,"Doe, Ann",ann@contoso.com,https://a.example/,Sales\n,,bob@contoso.com,,\n',
    );
    expect(parsed.rows).toEqual([
      {
        line: 3,
        email: 'ann@contoso.com',
        displayName: 'Doe, Ann',
        redirectUrl: 'https://a.example/',
        sendEmail: false,
      },
      { line: 4, email: 'bob@contoso.com' },
    ]);
    expect(parsed.notes).toEqual(['column "Department" is not one Guestpass reads; it is ignored']);
  });

  it.each([
    ['no email column', 'name,redirectUrl\nAnn,https://a.example/', ['line 1: no email column']],
    ['an empty file', '', ['the file has no header line (and no rows)']],
    [
      'two email columns',
      'email,Email address\na@b.c,d@e.f',
      ['line 1: columns "email" and "Email address" both name email'],
    ],
    [
      'a bad boolean and an empty address, each named by line and column (all at once)',
      'email,sendEmail\nann@contoso.com,maybe\n,true\nbob@contoso.com,yes',
      [
        'line 2, column "sendEmail": "maybe" is not true or false',
        'line 3, column "email": no email address',
      ],
    ],
    ['broken quoting', 'email\n"ann@contoso.com', ['line 2: a quoted cell is never closed']],
  ])('refuses %s, naming every problem', (_name, text, problems) => {
    let thrown: unknown;
    try {
      parseInvitationCsv(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvitationCsvError);
    const found = (thrown as InvitationCsvError).problems;
    expect(found).toHaveLength(problems.length);
    problems.forEach((problem, i) => expect(found[i]).toContain(problem));
  });
});
