import type { Command } from 'commander';
import { seg } from '../api-client.js';
import type { TenantView } from '../api-types.js';
import { contextOf } from '../context.js';
import { usageError } from '../errors.js';
import { examples, idOf, positiveInteger } from '../option-parsers.js';
import { fields, table } from '../output.js';
import { pageSearch, pageText } from '../paging.js';
import type { PageOptions } from '../paging.js';

const onOff = (enabled: boolean) => (enabled ? 'on' : 'off');

const tenantFields = (t: TenantView) =>
  fields({
    id: t.id,
    displayName: t.displayName,
    'email-otp': onOff(t.policy.emailOtp.enabled),
    'default-language': t.defaultLanguage ?? '(none: the browser decides, else en)',
    logo: t.branding?.logoUrl ?? '(none)',
    accent: t.branding?.accentColor ?? '(none)',
    support: t.branding?.supportContact ?? '(none)',
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  });

/** commander's options of `tenant update`: a value, false for --no-…, undefined when absent */
interface TenantUpdateOptions {
  name?: string;
  defaultLanguage?: string | false;
  logo?: string | false;
  accent?: string | false;
  support?: string | false;
}

/** The PATCH body: only what was given; false (--no-…) becomes null, which removes it. */
function tenantChanges(options: TenantUpdateOptions): Record<string, unknown> {
  const value = (v: string | false | undefined) => (v === false ? null : v);
  const branding = Object.fromEntries(
    (
      [
        ['logoUrl', options.logo],
        ['accentColor', options.accent],
        ['supportContact', options.support],
      ] as const
    )
      .filter(([, v]) => v !== undefined)
      .map(([field, v]) => [field, value(v)]),
  );
  return {
    ...(options.name === undefined ? {} : { displayName: options.name }),
    ...(options.defaultLanguage === undefined
      ? {}
      : { defaultLanguage: value(options.defaultLanguage) }),
    ...(Object.keys(branding).length ? { branding } : {}),
  };
}

/** One line from stdin (without its line break); undefined when stdin ends first. */
function readLine(): Promise<string | undefined> {
  const input = process.stdin;
  return new Promise((resolve) => {
    let text = '';
    const finish = (line: string | undefined) => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.pause();
      resolve(line);
    };
    const onData = (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end >= 0) finish(text.slice(0, end).replace(/\r$/, ''));
    };
    const onEnd = () => finish(text === '' ? undefined : text);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.once('end', onEnd);
  });
}

/** Deleting a tenant cannot be undone: the operator types its id, or passed --yes. */
async function confirmDeletion(id: string): Promise<void> {
  process.stderr.write(
    `Delete tenant ${id} with all its clients, guests, sessions, keys and sign-in log? This cannot be undone.\nType the tenant id to confirm: `,
  );
  const answer = await readLine();
  if (answer === undefined) process.stderr.write('\n');
  if (answer?.trim() !== id) {
    throw usageError(
      `tenant ${id} was not deleted: ${answer === undefined ? 'no confirmation' : 'the confirmation did not match'}`,
      `type the tenant id when asked, or pass --yes`,
    );
  }
}

export function registerTenant(program: Command) {
  const tenant = program
    .command('tenant')
    .description(
      'create, list, show, rename and delete tenants (the organizations that invite guests)',
    );

  tenant
    .command('create')
    .description('create a tenant; its issuer is $PUBLIC_URL/<id>')
    .argument(
      '<id>',
      'lowercase letters, digits and hyphens, 2 to 63 characters (e.g. fabrikam)',
      idOf('tenant'),
    )
    .requiredOption('--name <displayName>', 'the name guests see in mails and pages')
    .addHelpText('after', examples('guestpass tenant create fabrikam --name "Fabrikam, Inc."'))
    .action(async (id: string, options: { name: string }, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.post('/tenants', { id, displayName: options.name });
      ctx.show(body, () => `Created tenant ${id}.\n${tenantFields(body as TenantView)}`);
    });

  tenant
    .command('list')
    .description('list every tenant by id, or with --limit or --cursor a page of them')
    .option('--limit <n>', 'a page of at most this many tenants (at most 500)', positiveInteger)
    .option('--cursor <cursor>', 'continue where the previous page ended (printed after it)')
    .action(async (options: PageOptions, command: Command) => {
      const ctx = contextOf(command);
      const search = pageSearch(options);
      const { body } = await ctx.api.get(`/tenants${search}`);
      const tenantTable = (tenants: TenantView[], empty: string) =>
        table(
          tenants,
          [
            { header: 'ID', value: (t) => t.id },
            { header: 'NAME', value: (t) => t.displayName },
            { header: 'EMAIL-OTP', value: (t) => onOff(t.policy.emailOtp.enabled) },
            { header: 'CREATED', value: (t) => t.createdAt },
          ],
          empty,
        );
      const none =
        'No tenants yet. Create one with: guestpass tenant create <id> --name <displayName>';
      ctx.show(body, () => {
        if (!search) return tenantTable(body as TenantView[], none);
        const page = body as { items: TenantView[]; next: string | null; total: number };
        return pageText(
          tenantTable(page.items, options.cursor ? 'No more tenants.' : none),
          `${page.total} ${page.total === 1 ? 'tenant' : 'tenants'} in all.`,
          page,
          'guestpass tenant list',
          options,
        );
      });
    });

  tenant
    .command('show')
    .description('show one tenant')
    .argument('<id>', 'tenant id', idOf('tenant'))
    .action(async (id: string, _options: object, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.get(`/tenants/${seg(id)}`);
      ctx.show(body, () => tenantFields(body as TenantView));
    });

  tenant
    .command('rename')
    .description("change a tenant's display name (its id stays)")
    .argument('<id>', 'tenant id', idOf('tenant'))
    .requiredOption('--name <displayName>', 'the new display name')
    .addHelpText('after', examples('guestpass tenant rename fabrikam --name "Fabrikam"'))
    .action(async (id: string, options: { name: string }, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.patch(`/tenants/${seg(id)}`, { displayName: options.name });
      ctx.show(body, () => `Renamed tenant ${id}.\n${tenantFields(body as TenantView)}`);
    });

  tenant
    .command('update')
    .description(
      "change a tenant's display name, default language and branding (logo, accent colour, support line)",
    )
    .argument('<id>', 'tenant id', idOf('tenant'))
    .option('--name <displayName>', 'the new display name')
    .option(
      '--default-language <language>',
      'pages and mails when neither the app (ui_locales) nor the browser names one: en, de, fr or es',
    )
    .option('--no-default-language', 'remove the default language (English applies)')
    .option('--logo <url>', 'the logo on its pages: an https URL of an image')
    .option('--no-logo', 'remove the logo')
    .option('--accent <colour>', 'the accent colour of buttons: #rgb or #rrggbb')
    .option('--no-accent', 'remove the accent colour')
    .option('--support <line>', 'a support contact line on pages and mails')
    .option('--no-support', 'remove the support line')
    .addHelpText(
      'after',
      examples(
        'guestpass tenant update fabrikam --default-language de',
        'guestpass tenant update fabrikam --logo https://cdn.fabrikam.com/logo.png --accent "#c50f1f" --support "Help: it@fabrikam.com"',
        'guestpass tenant update fabrikam --no-logo',
      ),
    )
    .action(async (id: string, options: TenantUpdateOptions, command: Command) => {
      const ctx = contextOf(command);
      const body = tenantChanges(options);
      if (!Object.keys(body).length)
        throw usageError(
          'nothing to change',
          'pass --name, --default-language, --logo, --accent or --support (or their --no- forms)',
        );
      const response = await ctx.api.patch(`/tenants/${seg(id)}`, body);
      ctx.show(response.body, () =>
        [`Updated tenant ${id}.`, tenantFields(response.body as TenantView)].join('\n'),
      );
    });

  tenant
    .command('delete')
    .description('delete a tenant with its clients, guests and sessions (cannot be undone)')
    .argument('<id>', 'tenant id', idOf('tenant'))
    .option('--yes', 'do not ask: delete at once (for scripts)')
    .addHelpText(
      'after',
      examples('guestpass tenant delete fabrikam', 'guestpass tenant delete fabrikam --yes'),
    )
    .action(async (id: string, options: { yes?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      if (!options.yes) await confirmDeletion(id);
      const { body } = await ctx.api.delete(`/tenants/${seg(id)}`);
      ctx.show(body, () => `Deleted tenant ${id}.`);
    });
}
