import { IncomingMessage, ServerResponse } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';
import type Provider from 'oidc-provider';

/** The provider's routes, relative to where it is mounted (as the host configured them). */
interface Routes {
  readonly authorization: string;
  readonly token: string;
  readonly jwks: string;
}

const found = new WeakMap<Provider, Promise<Routes>>();

/**
 * Runs a node request handler on a request and collects its answer (no socket involved).
 * Also how the admin console calls the admin API in process (src/console/admin-client.ts).
 */
export function answer(
  handler: (req: IncomingMessage, res: ServerResponse) => unknown,
  request: IncomingMessage,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const response = new ServerResponse(request);
    const chunks: Buffer[] = [];
    const collect = (chunk: unknown) => {
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function')
        chunks.push(Buffer.from(chunk as string | Uint8Array));
    };
    // the response is read here, not written to a connection
    response.write = ((chunk: unknown) => {
      collect(chunk);
      return true;
    }) as ServerResponse['write'];
    response.end = ((chunk?: unknown) => {
      collect(chunk);
      resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') });
      return response;
    }) as ServerResponse['end'];
    Promise.resolve(handler(request, response)).catch(reject);
  });
}

/**
 * An HTTP request answered by the provider's own request handler in this process, without a
 * socket: the ordinary endpoint runs (client authentication, PKCE, single use), but nothing
 * leaves the process and nothing depends on where the host mounted the provider.
 */
async function call(
  provider: Provider,
  path: string,
  form?: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
  const headers: IncomingHttpHeaders = {
    host: new URL(provider.issuer).host,
    accept: 'application/json',
  };
  const request = new IncomingMessage(new Socket());
  request.method = form ? 'POST' : 'GET';
  request.url = path;
  if (form) {
    const payload = new URLSearchParams(form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(Buffer.byteLength(payload));
    request.push(payload);
  }
  request.headers = headers;
  request.push(null);
  const { status, body } = await answer(provider.callback(), request);
  return { status, body: JSON.parse(body || 'null') as unknown };
}

/** The provider's routes, read once from its discovery document. */
function routes(provider: Provider): Promise<Routes> {
  let routesOf = found.get(provider);
  if (!routesOf) {
    routesOf = call(provider, '/.well-known/openid-configuration').then(({ body }) => {
      const metadata = body as Record<string, string>;
      const path = (name: string) => new URL(metadata[name] ?? '').pathname;
      return {
        authorization: path('authorization_endpoint'),
        token: path('token_endpoint'),
        jwks: path('jwks_uri'),
      };
    });
    found.set(provider, routesOf);
  }
  return routesOf;
}

/** Where a browser starts an authorization request at this provider. */
export async function authorizationEndpoint(provider: Provider): Promise<string> {
  return `${provider.issuer.replace(/\/$/, '')}${(await routes(provider)).authorization}`;
}

/** The provider's token endpoint, called in process: `{status, body}` as a client sees them. */
export async function tokenRequest(provider: Provider, form: Record<string, string>) {
  return call(provider, (await routes(provider)).token, form);
}

/** The provider's published keys, read in process. */
export async function publishedKeys(provider: Provider) {
  return (await call(provider, (await routes(provider)).jwks)).body as {
    keys: Record<string, unknown>[];
  };
}
