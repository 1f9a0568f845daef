import type { Command } from 'commander';
import { seg } from '../api-client.js';
import type { GuestView, PasskeyView } from '../api-types.js';
import { contextOf } from '../context.js';
import { idOf } from '../option-parsers.js';
import { fields, table } from '../output.js';
import { registerGuestLifecycle } from './guest-lifecycle.js';

export const guestFields = (g: GuestView) => fields({ ...g });

export function registerGuest(program: Command) {
  const guest = program
    .command('guest')
    .description(
      "list, show, delete and reset a tenant's guests, their consents and passkeys (invite them with: guestpass invite)",
    );

  guest
    .command('list')
    .description("list a tenant's guests")
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .action(async (tenant: string, _options: object, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.get(`/tenants/${seg(tenant)}/guests`);
      ctx.show(body, () =>
        table(
          body as GuestView[],
          [
            { header: 'ID', value: (g) => g.id },
            { header: 'EMAIL', value: (g) => g.email },
            { header: 'NAME', value: (g) => g.displayName },
            { header: 'STATE', value: (g) => g.state },
            { header: 'METHOD', value: (g) => g.authMethod },
            { header: 'INVITED', value: (g) => g.invitedAt },
            { header: 'REDEEMED', value: (g) => g.redeemedAt },
          ],
          `No guests in ${tenant}. Invite one with: guestpass invite ${tenant} <email> --redirect-url <url>`,
        ),
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
