import { acceptPage } from '../views/accept-page.js';
import { declinedPage } from '../views/declined-page.js';
import { invitationClientId } from '../invitation-client.js';
import { report } from '../report.js';
import { loginDone } from './consent.js';
import { amrOf, offerBeforeReturning } from './finish-sign-in.js';
import type { Step } from '../step.js';

/**
 * Redemption: the first successful sign-in, once the guest accepts the invitation. Cancel
 * leads to a page written to the guest (`declined`): nothing was shared, and what next —
 * close the window, go back to the application (which then learns of the refusal), or look
 * at the invitation again.
 */
export const acceptStep: Step = {
  name: 'accept',
  states: ['accept', 'declined'],
  async render(sc) {
    if (sc.journey.state === 'declined') {
      // opened from the invitation mail, there is no application to go back to
      const invitation = sc.details.params.client_id === invitationClientId;
      sc.page(
        200,
        declinedPage({
          organization: sc.tenant.displayName,
          ui: sc.ui,
          backAction: invitation ? undefined : sc.action('leave'),
          reviewAction: sc.action('review'),
        }),
      );
      return;
    }
    sc.page(
      200,
      acceptPage({
        organization: sc.tenant.displayName,
        email: sc.journey.email ?? '',
        action: sc.action('accept'),
        ui: sc.ui,
      }),
    );
  },
  actions: {
    /** from the declined page: back to the application, which learns the guest declined */
    async leave(sc) {
      if (sc.journey.state !== 'declined') {
        await sc.advance(sc.journey);
        return;
      }
      await sc.finish({
        error: 'access_denied',
        error_description: 'the guest did not accept the invitation',
      });
    },
    /** from the declined page: the invitation once more */
    async review(sc) {
      await sc.advance({ ...sc.journey, state: 'accept' });
    },
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
        await sc.advance({ ...journey, state: 'declined' });
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
      if (await offerBeforeReturning(sc, redeemed, verified, true)) return;
      await loginDone(sc, { accountId: redeemed.id, amr: amrOf(sc, method) }, { redeemed: true });
    },
  },
};
