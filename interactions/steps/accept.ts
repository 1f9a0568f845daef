import { acceptPage } from '../views/accept-page.js';
import { report } from '../report.js';
import { amrFor } from './finish-sign-in.js';
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
        action: sc.url('accept'),
      }),
    );
  },
  actions: {
    async accept(sc, form) {
      const { services, scope, journey } = sc;
      const guest = journey.guestId
        ? await services.guests.find(scope, journey.guestId)
        : undefined;
      const method = journey.verifiedBy;
      if (!guest || !method) {
        await sc.finish({
          error: 'access_denied',
          error_description: 'the invitation can no longer be accepted',
        });
        return;
      }
      if (form.decision !== 'accept') {
        await report(sc, 'invitation.declined', { method, result: 'failure', reason: 'declined' });
        await sc.finish({
          error: 'access_denied',
          error_description: 'the guest did not accept the invitation',
        });
        return;
      }
      const redeemed =
        guest.state === 'accepted'
          ? guest
          : await services.guests.redeem(scope, guest, method, journey.federation);
      await report(
        sc,
        'guest.redeemed',
        { method, result: 'success', reason: 'success' },
        { method },
      );
      await sc.finish({ login: { accountId: redeemed.id, amr: amrFor(method), remember: true } });
    },
  },
};
