import { blockedPage } from '../views/blocked-page.js';
import type { Step } from '../step.js';

/**
 * Resolution found no usable method: a clear page, nothing else to do here. The page is the
 * same for every address typed (item 17 of issue 10: it must not reveal who had redeemed);
 * the sign-in log keeps the real reason for the organization's admins.
 */
export const blockedStep: Step = {
  name: 'blocked',
  states: ['blocked'],
  async render(sc) {
    const blocked = sc.journey.blocked ?? { reason: 'no-method' };
    sc.page(
      403,
      blockedPage({
        organization: sc.tenant.displayName,
        email: sc.journey.email ?? '',
        reason: blocked.reason,
        method: sc.services.methods.get(blocked.method),
        ui: sc.ui,
        // only the guest's own session may learn that their method was turned off
        explain: !!sc.journey.guestId && sc.details.session?.accountId === sc.journey.guestId,
        restartAction: sc.action('restart'),
      }),
    );
  },
  actions: {},
};
