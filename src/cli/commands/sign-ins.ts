import type { Command } from 'commander';
import { seg } from '../api-client.js';
import type { SignInPage } from '../api-types.js';
import { contextOf } from '../context.js';
import { examples, idOf, positiveInteger } from '../option-parsers.js';
import { table } from '../output.js';
import { moreLine, pageSearch } from '../paging.js';
import type { PageOptions } from '../paging.js';

function describe(page: SignInPage, tenant: string, options: PageOptions): string {
  // newest first whatever order the page came in (ISO times sort as strings)
  const items = [...page.items].sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
  const lines = [
    table(
      items,
      [
        { header: 'TIME', value: (s) => s.time },
        { header: 'EMAIL', value: (s) => s.email },
        { header: 'CLIENT', value: (s) => s.client },
        { header: 'METHOD', value: (s) => s.method },
        { header: 'RESULT', value: (s) => s.result },
        { header: 'REASON', value: (s) => s.reason },
      ],
      `No sign-ins in ${tenant}${options.cursor ? ' after this cursor' : ''}.`,
    ),
  ];
  if (page.next) lines.push('', moreLine(`guestpass sign-ins ${tenant}`, options, page.next));
  return lines.join('\n');
}

export function registerSignIns(program: Command) {
  program
    .command('sign-ins')
    .description("a tenant's sign-in log, newest first, a page at a time")
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .option('--limit <n>', 'at most this many entries', positiveInteger)
    .option('--cursor <cursor>', 'continue where the previous page ended (printed after it)')
    .addHelpText(
      'after',
      examples(
        'guestpass sign-ins fabrikam --limit 20',
        'guestpass sign-ins fabrikam --json | jq .items',
      ),
    )
    .action(async (tenant: string, options: PageOptions, command: Command) => {
      const ctx = contextOf(command);
      const search = pageSearch(options);
      const { body } = await ctx.api.get(`/tenants/${seg(tenant)}/sign-ins${search}`);
      ctx.show(body, () => describe(body as SignInPage, tenant, options));
    });
}
