import { acceptPage } from '../views/accept-page.js';
import { report } from '../report.js';
import { loginDone } from './consent.js';
import { amrOf } from './finish-sign-in.js';
import type { Step } from '../step.js';

/** Redemption: the first successful sign-in, once the guest accepts the invitation. */
export const acceptStep: Step = {
  name: 'accept',
  states: ['accept'],
  async render(sc) {
    sc.page(
      200,
      acceptPage({
        organization: sc.tenant.displayName,
        email: sc.journey.email ?? '',
        action: sc.action('accept'),
      }),
    );
  },
  actions: {
    async accept(sc, form) {
      const { services, scope, journey } = sc;
      const verified = journey.verified;
      if (!verified || !journey.guestId) {
        await sc.finish({
          error: 'access_denied',
          error_description: 'the invitation can no longer be accepted',
        });
        return;
      }
      const method = verified.method;
      if (form.decision !== 'accept') {
        await report(sc, 'invitation.declined', { method, result: 'failure', reason: 'declined' });
        await sc.finish({
          error: 'access_denied',
          error_description: 'the guest did not accept the invitation',
        });
        return;
      }
      // atomic: a guest deleted meanwhile stays deleted; one already redeemed keeps its record
      const redeemed = await services.guests.redeemIfPending(
        scope,
        journey.guestId,
        method,
        verified.binding,
      );
      if (!redeemed) {
        await sc.finish({
          error: 'access_denied',
          error_description: 'the invitation can no longer be accepted',
        });
        return;
      }
      await report(
        sc,
        'guest.redeemed',
        { method, result: 'success', reason: 'success' },
        { method },
      );
      await loginDone(sc, { accountId: redeemed.id, amr: amrOf(sc, method) });
    },
  },
};
