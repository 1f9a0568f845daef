import { errors } from 'oidc-provider';
import { methodNotAllowed } from '../src/http/errors.js';
import { messages } from '../src/http/messages.js';
import { csrfField } from '../src/http/form-action.js';
import { readForm } from '../src/http/read-body.js';
import { showPage } from '../src/http/show-page.js';
import { choosePresentation } from '../src/http/presentation.js';
import { csrfToken, csrfValid } from './csrf.js';
import { initialJourney } from './journey.js';
import type { Journey } from './journey.js';
import type { InteractionDetails, RouteContext, Step, StepContext } from './step.js';

const route = /^\/interaction\/([\w-]{1,64})(?:\/([a-z]{1,20}))?$/;

/**
 * The guest journey's pages, `{mount}/interaction/{uid}[/{action}]`. GET shows the step of
 * the journey's state; POST runs one action of that step and redirects back (303). Two
 * things tie a POST to the guest: the interaction cookie (SameSite=Lax, scoped to this
 * path) and the interaction's CSRF token (interactions/csrf.ts), which every form of its
 * pages carries and every POST must repeat — so a same-site page that knows the uid cannot
 * submit consent or any other action. Returns false when the path is not an interaction page.
 */
export function interactionPages(loginSteps: readonly Step[], consentStep: Step) {
  const byState = new Map<string, Step>();
  for (const step of loginSteps) {
    for (const state of step.states) {
      if (byState.has(state)) throw new Error(`two steps show the journey state "${state}"`);
      byState.set(state, step);
    }
  }

  return async function interaction(rc: RouteContext, rest: string): Promise<boolean> {
    const match = route.exec(rest);
    if (!match) return false;
    const [, uid, action] = match;
    const { ctx, services, scope, provider, mount } = rc;
    if (action ? ctx.method !== 'POST' : ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      throw methodNotAllowed(ctx.method);
    }
    let details: InteractionDetails;
    try {
      details = await provider.interactionDetails(ctx.req, ctx.res);
    } catch (error) {
      if (error instanceof errors.SessionNotFound) throw messages.signInExpired();
      throw error;
    }
    if (details.uid !== uid) throw messages.signInExpired();

    const login = details.prompt.name === 'login';
    const journey = login ? await services.journeys.load(scope, details.uid) : initialJourney;
    const base = `${mount.path}/interaction/${details.uid}`;
    const csrf = csrfToken(services.config.cookieSecrets, scope, details.uid);
    const url = (name?: string) => (name ? `${base}/${name}` : base);
    const sc: StepContext = {
      ...rc,
      // the authorization request's ui_locales, kept with the interaction, comes first
      ui: choosePresentation(ctx, rc.tenant, details.params.ui_locales),
      details,
      journey,
      url,
      csrf,
      action: (name) => ({ url: url(name), csrf }),
      page: (status, body) => showPage(ctx, status, body),
      async advance(next: Journey) {
        await services.journeys.save(scope, details.uid, next);
        ctx.status = 303;
        ctx.redirect(base);
      },
      async finish(result) {
        const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, {
          mergeWithLastSubmission: !login,
        });
        if (login) await services.journeys.delete(scope, details.uid);
        ctx.status = 303;
        ctx.redirect(returnTo);
      },
    };

    const step = login ? byState.get(journey.state) : consentStep;
    if (!step) {
      // a state no method in force shows (a method removed mid-journey): start again
      await sc.advance({ state: 'identify' });
      return true;
    }
    if (!action) {
      await step.render(sc);
      return true;
    }
    const form = await readForm(ctx);
    if (!csrfValid(services.config.cookieSecrets, scope, details.uid, form[csrfField])) {
      services.logger.warn('journey.csrf_failed', { tenant: rc.tenant.id, action });
      throw messages.formRejected();
    }
    if (action === 'restart' && login) {
      await sc.advance({ state: 'identify', hintDeclined: true });
      return true;
    }
    const handler = step.actions[action];
    if (!handler) {
      // a form of an earlier step (back button, double submit): show where the journey is
      ctx.status = 303;
      ctx.redirect(base);
      return true;
    }
    await handler(sc, form);
    return true;
  };
}
