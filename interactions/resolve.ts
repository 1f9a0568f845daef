import type { Blocked, JourneyServices, MethodChoice, ResolutionInput, Resolver } from './step.js';

/** How a guest signs in, and why (the reason is logged and explained to admins). */
export type Resolution = MethodChoice | Blocked;

export const isBlocked = (resolution: Resolution): resolution is Blocked =>
  resolution.method === 'blocked' && 'blocked' in resolution;

/**
 * Resolution runs first and in order: (a) a guest who redeemed keeps their method (sticky,
 * the method says whether it still applies); (b) each method in registry order may take a
 * guest who has not redeemed (federation, then the passcode: all are asked at once, the
 * first in order that takes the guest wins); (d) otherwise a clear
 * "no sign-in method".
 */
export function createResolver(services: () => JourneyServices): Resolver {
  return async function resolveMethod(input: ResolutionInput): Promise<Resolution> {
    const { methods, store } = services();
    const redeemedWith = input.guest?.authMethod;
    if (redeemedWith) {
      const method = methods.get(redeemedWith);
      if (method) return method.resume(input, services());
      return {
        method: 'blocked',
        blocked: 'no-method',
        reason: `sticky: redeemed with ${redeemedWith}, which is not available here`,
      };
    }
    // asked together (their reads of rules go to the store in one round trip), taken in order
    const offers = await store.together(() =>
      Promise.all(methods.all.map((method) => method.offer(input, services()))),
    );
    const choice = offers.find((offer) => offer !== undefined);
    if (choice) return choice;
    return {
      method: 'blocked',
      blocked: 'no-method',
      reason: 'no sign-in method: passcodes are off and no rule matches',
    };
  };
}
