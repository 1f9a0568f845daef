import type { RelyingParty } from './guest-journey.js';
import type { TestApp } from './test-app.js';

/** Asks the tenant's introspection endpoint about a token, as the relying party. */
export async function introspect(
  t: TestApp,
  tenant: string,
  rp: RelyingParty,
  token: string,
): Promise<{ active: boolean; sub?: string }> {
  const response = await fetch(`${t.url}/${tenant}/token/introspection`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${rp.clientId}:${rp.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }),
  });
  return (await response.json()) as { active: boolean; sub?: string };
}
