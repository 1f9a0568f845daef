import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message the capture server accepted. */
export interface CapturedMessage {
  /** the user the client logged in as, if it did */
  readonly user: string | undefined;
  /** MAIL FROM */
  readonly from: string | undefined;
  /** every RCPT TO, in order */
  readonly to: string[];
  /** the DATA as received (headers and MIME body) */
  readonly raw: string;
  /** header name (lower case) → every value, unfolded and with encoded words decoded */
  readonly headers: Record<string, string[]>;
  /** the first value of a header, or undefined */
  header(name: string): string | undefined;
}

export interface SmtpCapture {
  /** smtp://user:pass@127.0.0.1:PORT */
  readonly url: string;
  readonly messages: CapturedMessage[];
  /** messages refused so far (by failNext) */
  readonly refused: number;
  /** answers `code` (e.g. 451, 550) at the end of DATA for the next `n` messages */
  failNext(n: number, code: number): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback (no TLS, any login accepted) that records what a client
 * really put on the wire, and can refuse messages to test retries.
 */
export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: CapturedMessage[] = [];
  let failures = 0;
  let failCode = 451;
  let refused = 0;

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 100,
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anyone' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failures > 0) {
          failures--;
          refused++;
          const error: Error & { responseCode?: number } = new Error('Try again later (scripted)');
          error.responseCode = failCode;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = parseHeaders(raw);
        const { mailFrom, rcptTo } = session.envelope;
        messages.push({
          user: typeof session.user === 'string' ? session.user : undefined,
          from: mailFrom ? mailFrom.address : undefined,
          to: rcptTo.map((r) => r.address),
          raw,
          headers,
          header: (name) => headers[name.toLowerCase()]?.[0],
        });
        callback();
      });
    },
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://user:pass@127.0.0.1:${port}`,
    messages,
    get refused() {
      return refused;
    },
    failNext(n, code) {
      failures = n;
      failCode = code;
    },
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}

/** The header block of a raw message, unfolded (RFC 5322 2.2.3). Enough for tests. */
function parseHeaders(raw: string): Record<string, string[]> {
  const end = raw.search(/\r?\n\r?\n/);
  const block = end === -1 ? raw : raw.slice(0, end);
  const headers: Record<string, string[]> = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    (headers[name] ??= []).push(decodeWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=), as nodemailer writes them. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_all, _charset: string, enc: string, text: string) =>
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64').toString('utf8')
          : Buffer.from(
              text
                .replace(/_/g, ' ')
                .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
                  String.fromCharCode(parseInt(hex, 16)),
                ),
              'latin1',
            ).toString('utf8'),
    );
}
