import type { AddressInfo } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import Koa from 'koa';
import { outboxRoutes } from '../../../src/dev/outbox-routes.js';
import type { MailMessage } from '../../../src/mail/mailer.js';
import { Outbox, OutboxMailer } from '../../../src/mail/outbox.js';

const mail = (n: number): MailMessage => ({
  to: `guest${n}@example.com`,
  subject: `Mail ${n}`,
  text: `Your code is ${n}`,
  html: `<p>${n}</p>`,
  kind: 'passcode',
  tenant: 'fabrikam',
});

describe('Outbox', () => {
  it('lists newest first and keeps only the last 100 mails', () => {
    const outbox = new Outbox();
    for (let n = 1; n <= 105; n++) outbox.add(mail(n));
    const list = outbox.list();
    expect(list).toHaveLength(100);
    expect(list[0]?.subject).toBe('Mail 105');
    expect(list.at(-1)?.subject).toBe('Mail 6');
    expect(list[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(list[0]?.sentAt ?? '').toISOString()).toBe(list[0]?.sentAt);
  });

  it('finds the newest mail to an address', () => {
    const outbox = new Outbox();
    outbox.add(mail(1));
    outbox.add({ ...mail(2), to: 'GUEST1@example.com' });
    expect(outbox.latestFor('guest1@example.com')?.subject).toBe('Mail 2');
    expect(outbox.latestFor('nobody@example.com')).toBeUndefined();
  });

  it('OutboxMailer records sent mail and refuses CR/LF in the subject like the real transports', async () => {
    const outbox = new Outbox();
    const mailer = new OutboxMailer(outbox);
    await mailer.send(mail(1));
    expect(outbox.list().map((e) => e.to)).toEqual(['guest1@example.com']);
    await expect(mailer.send({ ...mail(2), subject: 'a\r\nBcc: x@y.z' })).rejects.toMatchObject({
      permanent: true,
      transport: 'outbox',
    });
    expect(outbox.list()).toHaveLength(1);
  });
});

describe('/dev/outbox', () => {
  async function serve(outbox: Outbox) {
    const app = new Koa();
    app.use(outboxRoutes(outbox));
    app.use((ctx) => {
      ctx.status = 404;
      ctx.body = 'next';
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      get: (path: string) => fetch(`http://127.0.0.1:${port}${path}`),
      close: () => new Promise((resolve) => server.close(resolve)),
    };
  }

  it('serves the mails newest first as HTML (escaped) and as JSON, and passes other paths on', async () => {
    const outbox = new Outbox();
    outbox.add(mail(1));
    outbox.add({ ...mail(2), subject: '<script>x</script>', text: 'code <b>222222</b>' });
    const server = await serve(outbox);
    try {
      const page = await server.get('/dev/outbox');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const body = await page.text();
      expect(body.match(/<h1>/g)).toHaveLength(1);
      expect(body).toContain('&lt;script&gt;x&lt;/script&gt;');
      expect(body).toContain('<pre>code &lt;b&gt;222222&lt;/b&gt;</pre>');
      expect(body.indexOf('222222')).toBeLessThan(body.indexOf('Your code is 1'));

      const json = await server.get('/dev/outbox.json');
      expect(json.status).toBe(200);
      const entries = (await json.json()) as { to: string; kind: string; tenant: string }[];
      expect(entries.map((e) => e.to)).toEqual(['guest2@example.com', 'guest1@example.com']);
      expect(Object.keys(entries[0] ?? {}).sort()).toEqual(
        ['html', 'id', 'kind', 'sentAt', 'subject', 'tenant', 'text', 'to'].sort(),
      );

      expect(await (await server.get('/dev/other')).text()).toBe('next');
    } finally {
      await server.close();
    }
  });
});
