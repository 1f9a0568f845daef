import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { emailDomain } from '../../../../src/directory/guest.js';
import type { MethodRoute, SignInMethod, Step } from '../../../../src/index.js';
import { finishSignIn } from '../../../../src/index.js';
import { html } from '../../../../src/util/html.js';
import { layout } from '../../../../src/http/layout.js';

/**
 * A test-only sign-in method, "approve by admin link": the guest waits while an approver
 * gets a mail with a link; once the approver opened it, the guest continues and is signed
 * in. It lives in this one folder and is registered through the plugin's `methods` option,
 * touching no other method: the proof that a method is one folder and one line.
 */
export function approvalMethod(options: { approver: string; domain: string }) {
  const state = 'approval:wait';
  const mac = (secret: string, uid: string, nonce: string) =>
    createHmac('sha256', secret).update(`${uid}.${nonce}`).digest('base64url');

  const waitStep: Step = {
    name: 'approval',
    states: [state],
    async render(sc) {
      let data = sc.journey.data as { nonce?: string; approved?: boolean } | undefined;
      if (!data?.nonce) {
        const nonce = randomBytes(16).toString('base64url');
        data = { nonce };
        await sc.services.journeys.save(sc.provider, sc.details.uid, { ...sc.journey, data });
        if (sc.journey.guestId) {
          const token = mac(sc.services.config.cookieSecrets[0] ?? '', sc.details.uid, nonce);
          const link = `${sc.mount.base}/approval/approve?uid=${sc.details.uid}&token=${token}`;
          await sc.services.mailer.send({
            to: options.approver,
            subject: `Approve ${sc.journey.email}`,
            text: `Approve the sign-in of ${sc.journey.email}: ${link}`,
            html: `<p><a href="${link}">Approve</a></p>`,
            kind: 'invitation',
            tenant: sc.tenant.id,
          });
        }
      }
      sc.page(
        200,
        layout({
          title: 'Waiting for approval',
          organization: sc.tenant.displayName,
          body: html`<form method="post" action="${sc.url('check')}">
            <input type="hidden" name="csrf" value="${sc.csrf}" />
            <button type="submit">Continue</button>
          </form>`,
        }),
      );
    },
    actions: {
      async check(sc) {
        if ((sc.journey.data as { approved?: boolean } | undefined)?.approved) {
          await finishSignIn(sc);
          return;
        }
        await sc.advance(sc.journey);
      },
    },
  };

  const approve: MethodRoute = {
    path: '/approval/approve',
    async handle({ ctx, services, provider }) {
      const uid = String(ctx.query.uid ?? '');
      const token = String(ctx.query.token ?? '');
      const journey = await services.journeys.load(provider, uid);
      const data = journey.data as { nonce?: string } | undefined;
      const expected = data?.nonce && mac(services.config.cookieSecrets[0] ?? '', uid, data.nonce);
      if (
        journey.state !== state ||
        !expected ||
        expected.length !== token.length ||
        !timingSafeEqual(Buffer.from(expected), Buffer.from(token))
      ) {
        ctx.status = 400;
        ctx.body = 'not a valid approval link';
        return;
      }
      await services.journeys.save(provider, uid, {
        ...journey,
        data: { ...data, approved: true },
      });
      ctx.body = 'approved';
    },
  };

  return {
    id: 'approval',
    label: 'approval by an administrator',
    amr: ['user'],
    idp: () => 'approval',
    steps: [waitStep],
    routes: [approve],
    async resume() {
      return { method: 'approval', reason: 'sticky: redeemed with approval', start: { state } };
    },
    async offer({ email }) {
      return emailDomain(email) === options.domain
        ? { method: 'approval', reason: `approval: domain ${options.domain}`, start: { state } }
        : undefined;
    },
    allows: () => true,
  } satisfies SignInMethod;
}
