import type { Command } from 'commander';
import { seg } from '../api-client.js';
import type { Invitation } from '../api-types.js';
import { contextOf } from '../context.js';
import { examples, idOf } from '../option-parsers.js';
import { usageError } from '../errors.js';
import { guestFields } from './guest.js';
import { inviteFromCsv } from './invite-csv.js';

interface InviteOptions {
  redirectUrl?: string;
  /** false with --no-email */
  email: boolean;
  name?: string;
  csv?: string;
  force?: boolean;
  language?: string;
}

function describe(invitation: Invitation, status: number, options: InviteOptions): string {
  const { guest } = invitation;
  const mail = !options.email
    ? 'not sent (--no-email): give the guest the redeem URL yourself'
    : invitation.emailSent === false
      ? 'could not be sent: give the guest the redeem URL yourself'
      : `sent to ${guest.email}`;
  return [
    status === 201 ? `Invited ${guest.email}.` : `Invited ${guest.email} again (a new redeem URL).`,
    guestFields(guest),
    '',
    `redeem URL: ${invitation.redeemUrl}`,
    `invitation email: ${mail}`,
  ].join('\n');
}

export function registerInvite(program: Command) {
  program
    .command('invite')
    .description(
      'invite a guest by email, or many from a CSV file (--csv); prints the guest and the redeem URL, or a line per row',
    )
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .argument('[email]', "the guest's email address (not with --csv)")
    .option(
      '--redirect-url <url>',
      'where the guest lands after redeeming the invitation (https, or http on loopback); with --csv, for rows that name none',
    )
    .option('--no-email', 'do not send the invitation email (share the redeem URL yourself)')
    .option('--name <displayName>', "the guest's name, used in the invitation email")
    .option(
      '--csv <file>',
      "invite every row of a CSV file (Entra's bulk-invite template, or email,displayName,redirectUrl,sendEmail); - reads stdin",
    )
    .option('--force', 'invite even when no sign-in method would apply to the address')
    .option(
      '--language <language>',
      "the invitation email's language: en, de, fr or es (default: the tenant's default language)",
    )
    .addHelpText(
      'after',
      examples(
        'guestpass invite fabrikam ann@contoso.com --redirect-url https://portal.fabrikam.com',
        'guestpass invite fabrikam bob@contoso.com --redirect-url https://portal.fabrikam.com --no-email --name "Bob"',
        'guestpass invite fabrikam --csv guests.csv --redirect-url https://portal.fabrikam.com',
      ),
    )
    .action(
      async (
        tenant: string,
        email: string | undefined,
        options: InviteOptions,
        command: Command,
      ) => {
        if (options.csv !== undefined) {
          if (email !== undefined)
            throw usageError('give an email address or --csv <file>, not both');
          if (options.name !== undefined)
            throw usageError('--name is for one address; with --csv the names come from the file');
          return inviteFromCsv(contextOf(command), tenant, options.csv, {
            redirectUrl: options.redirectUrl,
            email: options.email,
            force: options.force === true,
          });
        }
        if (email === undefined)
          throw usageError('give an email address to invite, or --csv <file>');
        if (options.redirectUrl === undefined)
          throw usageError(
            '--redirect-url <url> is required: where the guest lands after redeeming',
          );
        const ctx = contextOf(command);
        const response = await ctx.api.post(`/tenants/${seg(tenant)}/invitations`, {
          email,
          redirectUrl: options.redirectUrl,
          sendEmail: options.email,
          ...(options.name === undefined ? {} : { displayName: options.name }),
          ...(options.force ? { force: true } : {}),
          ...(options.language === undefined ? {} : { language: options.language }),
        });
        ctx.show(response.body, () =>
          describe(response.body as Invitation, response.status, options),
        );
      },
    );
}
