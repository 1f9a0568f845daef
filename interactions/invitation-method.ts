import type { Guest } from '../src/directory/guest.js';
import type { Tenant } from '../src/directory/tenant.js';
import { messages } from '../src/http/messages.js';
import type { Store } from '../src/store/store.js';
import { createResolver, isBlocked } from './resolve.js';
import type { Resolution } from './resolve.js';
import type { JourneyServices, Resolver } from './step.js';

/** The method an invitation's mail describes: what the mail template needs of it. */
export interface InvitationMethod {
  readonly amr: readonly string[];
  readonly label: string;
}

/**
 * Would the guest be able to sign in? The journey's own resolution decides (the same answer
 * the invitation link will get): when it finds no method, the invitation is refused with 409
 * `no_sign_in_method` and the reason, unless the admin says `force`. Answers the method the
 * mail describes (undefined when none applies and the invitation was forced).
 */
export async function invitationMethod(
  services: Pick<JourneyServices, 'methods'>,
  resolve: Resolver,
  input: { tenant: Tenant; email: string; guest: Guest | undefined; force: boolean },
): Promise<InvitationMethod | undefined> {
  const resolution: Resolution = await resolve(input);
  if (isBlocked(resolution)) {
    if (input.force) return undefined;
    throw messages.noSignInMethod(input.email, resolution.reason);
  }
  const method = services.methods.get(resolution.method);
  return method && { amr: method.amr, label: method.label };
}

/** Store reads a batch's resolutions remember (the rest go to the store as ever). */
const rememberedReads = new Set<keyof Store>(['get', 'mget', 'smembers', 'hgetall']);

/**
 * A resolver for one batch of invitations: the same resolution, with every read it makes of
 * the store (the tenant's federation and SAML rules) made once for the whole batch, so a
 * thousand addresses cost the reads of one. The batch is one moment: a rule changed while
 * it runs applies from the next request, as for any request under way.
 */
export function batchResolver(services: JourneyServices): Resolver {
  const reads = new Map<string, Promise<unknown>>();
  const remember = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let value = reads.get(key) as Promise<T> | undefined;
    if (!value) reads.set(key, (value = read()));
    return value;
  };
  const store = new Proxy(services.store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(target);
      if (!rememberedReads.has(property as keyof Store)) return bound;
      return (...args: unknown[]) =>
        remember(`store:${String(property)}:${JSON.stringify(args)}`, () =>
          Promise.resolve(bound(...args)),
        );
    },
  });
  const federation = new Proxy(services.federation, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property !== 'rulesInForce' || typeof value !== 'function') return value;
      const rulesInForce = value.bind(target) as JourneyServices['federation']['rulesInForce'];
      return (tenant: Tenant) => remember(`federation:${tenant.id}`, () => rulesInForce(tenant));
    },
  });
  const remembering: JourneyServices = { ...services, store, federation };
  return createResolver(() => remembering);
}
