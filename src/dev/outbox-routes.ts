import type { Context, Next } from 'koa';
import { layout } from '../http/layout.js';
import { html } from '../util/html.js';
import type { Outbox, OutboxEntry } from '../mail/outbox.js';

/**
 * Dev only (mount it only with the outbox transport): GET /dev/outbox shows the mails the
 * outbox kept, newest first, with the plain text body so a developer can read a passcode;
 * GET /dev/outbox.json gives the same for scripts and tests.
 */
export function outboxRoutes(outbox: Outbox) {
  return async function outboxPages(ctx: Context, next: Next) {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === '/dev/outbox.json') {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = outbox.list().map(toJson);
      return;
    }
    if (ctx.path === '/dev/outbox') {
      ctx.type = 'html';
      ctx.body = page(outbox.list());
      return;
    }
    await next();
  };
}

function toJson(entry: OutboxEntry) {
  const { id, sentAt, to, subject, text, html, kind, tenant } = entry;
  return { id, sentAt, to, subject, text, html, kind, tenant };
}

function page(entries: OutboxEntry[]): string {
  const body =
    entries.length === 0
      ? html`<p class="muted">No mail yet. Mail sent with the outbox transport shows up here.</p>`
      : html`<p class="muted">
            ${entries.length} mail${entries.length === 1 ? '' : 's'}, newest first. Dev only.
          </p>
          ${entries.map(
            (e) =>
              html`<section>
                <h2>${e.subject}</h2>
                <table>
                  <tr>
                    <th>Time</th>
                    <td><time datetime="${e.sentAt}">${e.sentAt}</time></td>
                  </tr>
                  <tr>
                    <th>To</th>
                    <td>${e.to}</td>
                  </tr>
                  <tr>
                    <th>Tenant</th>
                    <td>${e.tenant} (${e.kind})</td>
                  </tr>
                </table>
                <pre>${e.text}</pre>
              </section>`,
          )}`;
  return layout({ title: 'Dev outbox', body });
}
