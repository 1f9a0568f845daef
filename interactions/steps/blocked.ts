import { blockedPage } from '../views/blocked-page.js';
import type { Step } from '../step.js';

/** Resolution found no usable method: a clear page, nothing else to do here. */
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
        methodLabel: sc.services.methods.get(blocked.method)?.label,
        restartAction: sc.action('restart'),
      }),
    );
  },
  actions: {},
};
