import { errors } from 'oidc-provider';
import { methodNotAllowed } from '../src/http/errors.js';
import { messages } from '../src/http/messages.js';
import { csrfField } from '../src/http/form-action.js';
import { readForm } from '../src/http/read-body.js';
import { showPage } from '../src/http/show-page.js';
import { choosePresentation } from '../src/http/presentation.js';
import { csrfToken, csrfValid } from './csrf.js';
import { initialJourney, journeyOf, remainingSeconds, saveJourney } from './journey.js';
import type { Journey } from './journey.js';
import type { InteractionDetails, RouteContext, Step, StepContext } from './step.js';

/** pages a request shows by advancing (a step that advances on showing, as identify with a hint) */
const maxShown = 3;

const route = /^\/interaction\/([\w-]{1,64})(?:\/([a-z]{1,20}))?$/;

/**
 * The guest journey's pages, `{mount}/interaction/{uid}[/{action}]`. GET shows the step of
 * the journey's state; POST runs one action of that step, which shows the next state's page
 * in its answer (or redirects, 303, to the interaction when it has nothing to show). Two
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
    const read = ctx.method === 'GET' || ctx.method === 'HEAD';
    if (action && read) {
      // an action's URL is where a page shown by a POST stands (advance): opened again
      // (a bookmark, back and forward), it goes to the interaction's page
      ctx.status = 303;
      ctx.redirect(`${mount.path}/interaction/${uid}`);
      return true;
    }
    if (action ? ctx.method !== 'POST' : !read) throw methodNotAllowed(ctx.method);
    let details: InteractionDetails;
    try {
      details = await provider.interactionDetails(ctx.req, ctx.res);
    } catch (error) {
      if (error instanceof errors.SessionNotFound) throw messages.signInExpired();
      throw error;
    }
    if (details.uid !== uid) throw messages.signInExpired();

    const login = details.prompt.name === 'login';
    // the journey is saved inside the interaction: read with it, no read of its own
    const journey = login ? journeyOf(details) : initialJourney;
    const base = `${mount.path}/interaction/${details.uid}`;
    const csrf = csrfToken(services.config.cookieSecrets, scope, details.uid);
    const url = (name?: string) => (name ? `${base}/${name}` : base);
    let shown = 0;
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
        await saveJourney(details, next);
        // the next state's page at once, not a redirect to it: one request less a step. A
        // reload posts the action again, which the next state's step does not take, so it
        // is sent (303) to where the journey is (below)
        const step = byState.get(next.state);
        if (step && (shown += 1) <= maxShown) {
          await step.render({ ...sc, journey: next });
          return;
        }
        ctx.status = 303;
        ctx.redirect(base);
      },
      async finish(result) {
        // what provider.interactionResult does, on the interaction this request read already
        // (it would read it again): the outcome replaces the journey in `result`
        details.result =
          !login && !('error' in result) ? { ...details.lastSubmission, ...result } : result;
        await details.save(remainingSeconds(details));
        ctx.status = 303;
        ctx.redirect(details.returnTo);
      },
    };
    await run(sc, login, action);
    return true;
  };

  async function run(sc: StepContext, login: boolean, action: string | undefined) {
    const { ctx, services, scope, details, journey } = sc;
    const step = login ? byState.get(journey.state) : consentStep;
    if (!step) {
      // a state no method in force shows (a method removed mid-journey): start again
      await sc.advance({ state: 'identify' });
      return;
    }
    if (!action) {
      await step.render(sc);
      return;
    }
    const form = await readForm(ctx);
    if (!csrfValid(services.config.cookieSecrets, scope, details.uid, form[csrfField])) {
      services.logger.warn('journey.csrf_failed', { tenant: sc.tenant.id, action });
      throw messages.formRejected();
    }
    if (action === 'restart' && login) {
      await sc.advance({ state: 'identify', hintDeclined: true });
      return;
    }
    const handler = step.actions[action];
    if (!handler) {
      // a form of an earlier step (back button, double submit): show where the journey is
      ctx.status = 303;
      ctx.redirect(sc.url());
      return;
    }
    await handler(sc, form);
  }
}
