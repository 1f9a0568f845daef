import type { Command } from 'commander';
import { seg } from '../api-client.js';
import type { GuestPage, GuestView, PasskeyView } from '../api-types.js';
import { contextOf } from '../context.js';
import { examples, idOf, positiveInteger } from '../option-parsers.js';
import { fields, table } from '../output.js';
import { pageSearch, pageText } from '../paging.js';
import type { PageOptions } from '../paging.js';
import { registerGuestLifecycle } from './guest-lifecycle.js';

export const guestFields = (g: GuestView) => fields({ ...g });

function guestTable(guests: GuestView[], tenant: string, empty?: string): string {
  return table(
    guests,
    [
      { header: 'ID', value: (g) => g.id },
      { header: 'EMAIL', value: (g) => g.email },
      { header: 'NAME', value: (g) => g.displayName },
      { header: 'STATE', value: (g) => g.state },
      { header: 'METHOD', value: (g) => g.authMethod },
      { header: 'INVITED', value: (g) => g.invitedAt },
      { header: 'REDEEMED', value: (g) => g.redeemedAt },
    ],
    empty ??
      `No guests in ${tenant}. Invite one with: guestpass invite ${tenant} <email> --redirect-url <url>`,
  );
}

/** a page, how many guests in all, and the command for the next page */
function describePage(page: GuestPage, tenant: string, options: PageOptions): string {
  const empty = options.cursor ? `No more guests in ${tenant}.` : undefined;
  const count = `${page.total} ${page.total === 1 ? 'guest' : 'guests'} in ${tenant}.`;
  const table = guestTable(page.items, tenant, empty);
  return pageText(table, count, page, `guestpass guest list ${tenant}`, options);
}

export function registerGuest(program: Command) {
  const guest = program
    .command('guest')
    .description(
      "list, show, delete and reset a tenant's guests, their consents and passkeys (invite them with: guestpass invite)",
    );

  guest
    .command('list')
    .description(
      "list a tenant's guests: all of them, or with --limit or --cursor a page, newest first",
    )
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .option('--limit <n>', 'a page of at most this many guests (at most 500)', positiveInteger)
    .option('--cursor <cursor>', 'continue where the previous page ended (printed after it)')
    .addHelpText(
      'after',
      examples('guestpass guest list fabrikam', 'guestpass guest list fabrikam --limit 100'),
    )
    .action(async (tenant: string, options: PageOptions, command: Command) => {
      const ctx = contextOf(command);
      const search = pageSearch(options);
      const { body } = await ctx.api.get(`/tenants/${seg(tenant)}/guests${search}`);
      ctx.show(body, () =>
        search
          ? describePage(body as GuestPage, tenant, options)
          : guestTable(body as GuestView[], tenant),
      );
    });

  guest
    .command('show')
    .description('show one guest')
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .argument('<id>', 'guest id (from guest list)', idOf('guest'))
    .action(async (tenant: string, id: string, _options: object, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.get(`/tenants/${seg(tenant)}/guests/${seg(id)}`);
      const { passkeys = [], ...shown } = body as GuestView & { passkeys?: PasskeyView[] };
      ctx.show(body, () =>
        [
          guestFields(shown),
          '',
          table(
            passkeys,
            [
              { header: 'PASSKEY', value: (p) => p.id },
              { header: 'KIND', value: (p) => (p.backedUp ? 'synced' : 'device') },
              { header: 'ADDED', value: (p) => p.createdAt },
              { header: 'LAST USED', value: (p) => p.lastUsedAt },
            ],
            'No passkeys.',
          ),
        ].join('\n'),
      );
    });

  guest
    .command('delete')
    .description(
      "delete a guest: ends the guest's sessions and grants; the email can be invited again",
    )
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .argument('<id>', 'guest id (from guest list)', idOf('guest'))
    .action(async (tenant: string, id: string, _options: object, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.delete(`/tenants/${seg(tenant)}/guests/${seg(id)}`);
      ctx.show(body, () => `Deleted guest ${id} of ${tenant}.`);
    });

  registerGuestLifecycle(guest);
}
