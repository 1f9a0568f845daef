import { heading, HttpBrowser } from './http-browser.js';
import type { Page } from './http-browser.js';
import { isCallback, SignIn } from './guest-journey.js';
import type { RelyingParty } from './guest-journey.js';
import type { TestApp } from './test-app.js';
import type { UpstreamClient } from './upstream-idp.js';

/** From the RP's sign-in link through the upstream IdP back to Guestpass (or the RP). */
export async function federatedSignIn(
  rp: RelyingParty,
  email: string,
  browser = new HttpBrowser(),
) {
  const signIn = new SignIn(rp, browser);
  const identify = await signIn.start();
  const page = await browser.submit(identify, 'identify', { email }, isCallback);
  return { signIn, browser, page };
}

/** Accepts the invitation (first sign-in) and allows access (consent) when asked. */
export async function acceptAndAllow(browser: HttpBrowser, page: Page): Promise<Page> {
  let current = page;
  if (heading(current) === 'Accept invitation')
    current = await browser.submit(current, 'accept', { decision: 'accept' }, isCallback);
  if (heading(current) === 'Allow access?')
    current = await browser.submit(current, 'consent', { decision: 'allow' }, isCallback);
  return current;
}

/** A whole federated sign-in that must end at the RP: the ID token's claims. */
export async function signsInFederated(rp: RelyingParty, email: string) {
  const { signIn, browser, page } = await federatedSignIn(rp, email);
  const callback = await acceptAndAllow(browser, page);
  if (!isCallback(callback.url)) {
    const error = /role="alert">([^<]*)</.exec(callback.html)?.[1] ?? '';
    throw new Error(`ended at ${callback.url}: ${callback.status} ${heading(callback)} ${error}`);
  }
  return (await signIn.tokens(callback.url)).claims()!;
}

/** Somewhere an upstream client can be registered (any stand-in). */
export interface ClientRegistry {
  addClient(client: UpstreamClient): void;
}

/** The client of a tenant at an upstream, with its secret; registered with Guestpass's callback. */
export function registerTenantClient(t: TestApp, tenant: string, idp: ClientRegistry) {
  const client = { clientId: `guestpass-${tenant}`, clientSecret: `secret-of-${tenant}` };
  idp.addClient({ ...client, redirectUris: [`${t.url}/${tenant}/federation/callback`] });
  return client;
}
