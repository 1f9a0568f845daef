export interface AdminResponse {
  status: number;
  body: any; // any: tests read arbitrary JSON
}

/** Calls the admin API at `url` with `token` (the operator's ADMIN_TOKEN or a tenant key); `body` is sent as JSON. */
export async function callAdmin(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<AdminResponse> {
  const response = await fetch(`${url}/admin/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
