import type { Methods, SignInMethod } from './method.js';
import { federationMethod } from './federation/federation-method.js';
import { passcodeMethod } from './passcode/passcode-method.js';
import { samlMethod } from './saml/saml-method.js';
import { passkeyMethod } from './passkey/passkey-method.js';

/**
 * The sign-in methods, in the order resolution offers them to a guest who has not redeemed:
 * federation first (the guest's own IdP: a tenant's SAML 2.0 rules, then the OpenID rules, the
 * tenant's and the deployment's — a tenant's own rule for a domain wins, and a domain is in one
 * rule of a tenant), the email passcode as the fallback. Adding a
 * method is one folder and one line here (or, for a host, `methods` in the plugin options).
 */
export const builtInMethods = [
  samlMethod,
  federationMethod,
  passcodeMethod,
  passkeyMethod,
] as const;

/** The ids of the built-in methods, derived from the registry. */
export type BuiltInMethodId = (typeof builtInMethods)[number]['id'];

/** The methods in force, found by id. */
export class MethodRegistry implements Methods {
  readonly #byId = new Map<string, SignInMethod>();

  constructor(readonly all: readonly SignInMethod[] = builtInMethods) {
    for (const method of all) {
      if (this.#byId.has(method.id))
        throw new Error(`two sign-in methods have the id "${method.id}"`);
      this.#byId.set(method.id, method);
    }
  }

  get(id: string | null | undefined): SignInMethod | undefined {
    return id ? this.#byId.get(id) : undefined;
  }
}
