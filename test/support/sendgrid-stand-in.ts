import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request SendGrid's mail send endpoint received. */
export interface RecordedSendGridRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** the parsed JSON body; unknown until a test narrows it */
  readonly body: unknown;
}

/** What the stand-in answers; `body` is sent as JSON. */
export interface ScriptedResponse {
  readonly status: number;
  /** never answer (a hung mail service): the request is recorded and left open */
  readonly hang?: boolean;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

export interface SendGridStandIn {
  /** base URL for SENDGRID_API_URL, e.g. http://127.0.0.1:54321 */
  readonly url: string;
  readonly requests: RecordedSendGridRequest[];
  /**
   * Scripts the next answers, one a request, in order; after the script runs out it answers
   * `always` if given, else 202. Replaces any earlier script.
   */
  respondWith(responses: ScriptedResponse[], always?: ScriptedResponse): void;
  /** requests left hanging (`hang: true`) and still open */
  readonly hanging: number;
  close(): Promise<void>;
}

const accepted: ScriptedResponse = { status: 202 };

/**
 * A real HTTP server on loopback that speaks enough of SendGrid's v3 API (POST
 * /v3/mail/send) for the transport to be tested over the wire, with scripted failures.
 */
export async function startSendGridStandIn(): Promise<SendGridStandIn> {
  const requests: RecordedSendGridRequest[] = [];
  let script: ScriptedResponse[] = [];
  let fallback = accepted;
  const hung = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '';
      if (req.method !== 'POST' || path !== '/v3/mail/send') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: 'not found' }] }));
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      requests.push({ method: req.method, path, headers: req.headers, body });
      const answer = script.shift() ?? fallback;
      if (answer.hang) {
        hung.add(res);
        res.on('close', () => hung.delete(res));
        return;
      }
      res.writeHead(answer.status, {
        ...(answer.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...answer.headers,
      });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get hanging() {
      return hung.size;
    },
    respondWith(responses, always = accepted) {
      script = [...responses];
      fallback = always;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
