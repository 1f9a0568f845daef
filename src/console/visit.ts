import type { Context } from 'koa';
import type { SafeHtml } from '../util/html.js';
import type { AdminCall } from './admin-client.js';
import type { ConsoleSession, ConsoleSessions, Flash } from './session.js';
import { showConsolePage } from './console-page.js';

/** What a page of a tenant is shown with again after a POST: the API's error and the input. */
export interface PageState {
  readonly status?: number;
  readonly error?: string | undefined;
  readonly notice?: string | undefined;
  /** what was typed, shown again (never a secret) */
  readonly values?: Readonly<Record<string, string>>;
  /** a one-time part (a secret shown once, bulk results) */
  readonly extra?: SafeHtml;
}

/** One signed-in request of the console. */
export class Visit {
  constructor(
    readonly ctx: Context,
    readonly session: ConsoleSession,
    readonly api: AdminCall,
    readonly csrf: string,
    private readonly sessions: ConsoleSessions,
    /** the posted form (empty for a GET) */
    readonly form: Readonly<Record<string, string>> = {},
  ) {}

  get principal() {
    return this.session.principal;
  }

  /** Shows a page of the console (a tenant's, when `tenant` is given). */
  show(
    state: PageState,
    page: { title: string; body: SafeHtml; tenant?: string | undefined },
    status = 200,
  ): void {
    showConsolePage(this.ctx, state.status ?? status, {
      ...page,
      principal: this.session.principal,
      csrf: this.csrf,
      notice: state.notice ?? this.session.flash?.notice,
      secret: this.session.flash?.secret,
      error: state.error,
    });
  }

  /**
   * After a change: a notice (and a secret the change made) for the next page, and 303 to it,
   * so a reload posts nothing twice and the secret is shown once.
   */
  async done(notice: string, to: string, secret?: Flash['secret']): Promise<void> {
    await this.sessions.flash(this.session, { notice, ...(secret ? { secret } : {}) });
    this.ctx.status = 303;
    this.ctx.redirect(to);
  }

  /** a field of the posted form, trimmed */
  field(name: string): string {
    return (this.form[name] ?? '').trim();
  }
}

/** the console's URL of a tenant's page */
export const tenantUrl = (tenant: string, page = '') =>
  `/admin/tenants/${encodeURIComponent(tenant)}${page}`;

/** What a page module registers its routes with. */
export interface ConsoleRoutes {
  get(path: string, handle: (visit: Visit) => Promise<void>): void;
  /** `multipart`: the form may be multipart/form-data (a file upload) */
  post(
    path: string,
    handle: (visit: Visit) => Promise<void>,
    options?: { multipart?: boolean },
  ): void;
}
