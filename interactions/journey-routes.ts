import { interactionPages } from './interaction-routes.js';
import { invitationRoutes } from './invitation-routes.js';
import type { Methods, RouteContext } from './step.js';
import { acceptStep } from './steps/accept.js';
import { blockedStep } from './steps/blocked.js';
import { consentStep, loginConsentStep } from './steps/consent.js';
import { identifyStep } from './steps/identify.js';

/** Handles one request below an organization's mount; false when the path is not the journey's. */
export type JourneyHandler = (rc: RouteContext, rest: string) => Promise<boolean>;

/**
 * Every route of the guest journey: the interaction pages (the journey's own steps and each
 * method's), invitation links, and each method's own routes (federation's callback).
 */
export function journeyRoutes(methods: Methods): JourneyHandler {
  const steps = [
    identifyStep,
    ...methods.all.flatMap((m) => m.steps),
    acceptStep,
    loginConsentStep,
    blockedStep,
  ];
  const pages = interactionPages(steps, consentStep);
  const methodRoutes = new Map(
    methods.all.flatMap((m) => (m.routes ?? []).map((r) => [r.path, r] as const)),
  );
  return async function journey(rc, rest) {
    const route = methodRoutes.get(rest);
    if (route) {
      await route.handle(rc);
      return true;
    }
    return (await pages(rc, rest)) || invitationRoutes(rc, rest);
  };
}
