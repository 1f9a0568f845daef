import { IncomingMessage } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';
import Koa from 'koa';
import type { Middleware } from 'koa';
import { answer } from '../../interactions/in-process.js';

/** the admin API's prefix (src/admin/admin-api.ts) */
export const apiPrefix = '/admin/v1';

/** An answer of the admin API: its status and parsed JSON (errors: `{error, error_description}`). */
export interface ApiAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
}

/** The admin API's error body, when an answer is one. */
export function apiError(reply: ApiAnswer): string | undefined {
  if (reply.status < 400) return undefined;
  const body = reply.body as { error?: string; error_description?: string } | null;
  return body?.error_description ?? body?.error ?? `the admin API answered ${reply.status}`;
}

/** Calls the admin API with one credential: `path` below /admin/v1, `body` sent as JSON. */
export type AdminCall = <T = unknown>(
  method: string,
  path: string,
  body?: unknown,
) => Promise<ApiAnswer<T>>;

/**
 * The console is a client of the admin API, as Keycloak's console is of its REST API: every
 * read and change is a request to the API's own koa handler, run in this process with the
 * session's credential (the way invitation links call the token endpoint in process,
 * interactions/in-process.ts). Its answers and errors are what the pages show; the console
 * holds no rule of its own about tenants, guests, clients or federation.
 */
export function adminClient(api: Middleware): (credential: string) => AdminCall {
  const app = new Koa();
  app.use(api);
  const handler = app.callback();
  return (credential) =>
    async <T>(method: string, path: string, body?: unknown) => {
      const request = new IncomingMessage(new Socket());
      const headers: IncomingHttpHeaders = {
        host: 'console.internal',
        accept: 'application/json',
        authorization: `Bearer ${credential}`,
      };
      request.method = method;
      request.url = `${apiPrefix}${path}`;
      if (body !== undefined) {
        const payload = JSON.stringify(body);
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(payload));
        request.push(payload);
      }
      request.headers = headers;
      request.push(null);
      const reply = await answer(handler, request);
      return {
        status: reply.status,
        body: (reply.body ? JSON.parse(reply.body) : null) as T,
      };
    };
}

/** a path segment, escaped */
export const seg = (value: string) => encodeURIComponent(value);
