import type { Command } from 'commander';
import { seg } from '../api-client.js';
import type { AdminKey } from '../api-types.js';
import { contextOf } from '../context.js';
import { examples, idOf } from '../option-parsers.js';
import { fields, table } from '../output.js';

export function registerAdminKey(program: Command) {
  const adminKey = program
    .command('admin-key')
    .description(
      "manage a tenant's admin keys: bearer tokens that administer that one tenant only",
    );

  adminKey
    .command('create')
    .description('create an admin key for a tenant; the key is shown once')
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .requiredOption('--name <name>', 'what the key is for (e.g. "CI pipeline")')
    .addHelpText(
      'after',
      examples(
        'guestpass admin-key create fabrikam --name "Fabrikam IT"',
        'GUESTPASS_TOKEN=<key> guestpass guest list fabrikam',
      ),
    )
    .action(async (tenant: string, options: { name: string }, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.post(`/tenants/${seg(tenant)}/admin-keys`, {
        name: options.name,
      });
      ctx.show(body, () => {
        const { key, ...rest } = body as AdminKey;
        return [
          `Created admin key ${rest.id} for ${tenant}.`,
          fields({ ...rest, key }),
          '',
          `This key is shown only now: store it safely. Use it as GUESTPASS_TOKEN to administer ${tenant}.`,
        ].join('\n');
      });
    });

  adminKey
    .command('list')
    .description("list a tenant's admin keys (never the keys themselves)")
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .action(async (tenant: string, _options: object, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.get(`/tenants/${seg(tenant)}/admin-keys`);
      ctx.show(body, () =>
        table(
          body as AdminKey[],
          [
            { header: 'ID', value: (k) => k.id },
            { header: 'NAME', value: (k) => k.name },
            { header: 'CREATED', value: (k) => k.createdAt },
          ],
          `No admin keys for ${tenant}.`,
        ),
      );
    });

  adminKey
    .command('delete')
    .description('delete (revoke) an admin key; it stops working at once')
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .argument('<id>', 'admin key id (from admin-key list)', idOf('admin key'))
    .action(async (tenant: string, id: string, _options: object, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.delete(`/tenants/${seg(tenant)}/admin-keys/${seg(id)}`);
      ctx.show(body, () => `Deleted admin key ${id} of ${tenant}.`);
    });
}
