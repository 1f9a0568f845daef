import { describe, expect, it } from '@jest/globals';
import { columnOf, invitationsFromCsv, parseCsv } from '../../../src/console/csv.js';

describe('parseCsv', () => {
  it.each([
    [
      'plain rows',
      'a,b\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'CRLF line ends and a last line without one',
      'a,b\r\nc,d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'quoted commas, quotes and line breaks',
      '"x, y","say ""hi""","two\nlines"',
      [['x, y', 'say "hi"', 'two\nlines']],
    ],
    ['semicolons (a spreadsheet in a comma-decimal locale)', 'a;b', [['a', 'b']]],
    ['blank lines dropped', 'a\n\n ,\nb', [['a'], ['b']]],
    ['a byte order mark', '\uFEFFemail\nx@example.com', [['email'], ['x@example.com']]],
    ['empty cells kept in place', 'a,,c', [['a', '', 'c']]],
  ])('%s', (_name, text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });
});

describe('columnOf', () => {
  it.each([
    ['Email address to invite [inviteeEmail] Required', 'email'],
    ['email', 'email'],
    ['E-mail', 'email'],
    ['Redirection url [inviteRedirectURL] Required', 'redirectUrl'],
    ['redirect URL', 'redirectUrl'],
    ['Send invitation message (true or false) [sendEmail]', 'sendEmail'],
    ['display name', 'displayName'],
    ['Name', 'displayName'],
    ['Customized invitation message [customizedMessageBody]', undefined],
  ])('%s → %s', (header, column) => {
    expect(columnOf(header)).toBe(column);
  });
});

describe('invitationsFromCsv', () => {
  const entra = [
    'version:v1.0',
    'Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail],Customized invitation message [customizedMessageBody]',
    'alex@example.com,https://apps.example.com/,TRUE,Welcome',
    'sam@example.org,,false,',
  ].join('\n');

  it.each([
    [
      "Entra's bulk invite template, its version line and a column Guestpass does not take",
      entra,
      {},
      [
        { email: 'alex@example.com', redirectUrl: 'https://apps.example.com/', sendEmail: true },
        { email: 'sam@example.org', sendEmail: false },
      ],
    ],
    [
      'the default redirect URL for rows without one',
      entra,
      { redirectUrl: 'https://default.example.com/' },
      [
        { email: 'alex@example.com', redirectUrl: 'https://apps.example.com/', sendEmail: true },
        { email: 'sam@example.org', redirectUrl: 'https://default.example.com/', sendEmail: false },
      ],
    ],
    [
      'a header row in any order',
      'display name,email\nAlex,alex@example.com',
      {},
      [{ email: 'alex@example.com', displayName: 'Alex' }],
    ],
    [
      'no header: email, display name, redirect URL, send invitation message',
      'alex@example.com,Alex,https://apps.example.com/,no',
      {},
      [
        {
          email: 'alex@example.com',
          displayName: 'Alex',
          redirectUrl: 'https://apps.example.com/',
          sendEmail: false,
        },
      ],
    ],
    [
      'a send value that is neither true nor false is passed on for the API to name',
      'email,send\nalex@example.com,maybe',
      {},
      [{ email: 'alex@example.com', sendEmail: 'maybe' }],
    ],
    [
      'an address the API will refuse is passed on as written (the API answers per entry)',
      'email\nnot-an-address@\n',
      {},
      [{ email: 'not-an-address@' }],
    ],
  ])('%s', (_name, text, defaults, entries) => {
    expect(invitationsFromCsv(text, defaults)).toEqual({ entries });
  });

  it.each([
    ['no email column', 'name,company\nAlex,Contoso'],
    ['only a header', 'email\n'],
    ['nothing at all', ''],
  ])('refuses a CSV with %s, saying what it needs', (_name, text) => {
    const result = invitationsFromCsv(text);
    expect(result).toHaveProperty('problem');
    expect((result as { problem: string }).problem).toMatch(/email column|no invitations/);
  });
});
