import type { Command } from 'commander';
import { seg } from '../api-client.js';
import type { Invitation } from '../api-types.js';
import { contextOf } from '../context.js';
import { examples, idOf } from '../option-parsers.js';
import { guestFields } from './guest.js';

interface InviteOptions {
  redirectUrl: string;
  /** false with --no-email */
  email: boolean;
  name?: string;
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
    .description('invite a guest by email; prints the guest and the redeem URL')
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .argument('<email>', "the guest's email address")
    .requiredOption(
      '--redirect-url <url>',
      'where the guest lands after redeeming the invitation (https, or http on loopback)',
    )
    .option('--no-email', 'do not send the invitation email (share the redeem URL yourself)')
    .option('--name <displayName>', "the guest's name, used in the invitation email")
    .option(
      '--language <language>',
      "the invitation email's language: en, de, fr or es (default: the tenant's default language)",
    )
    .addHelpText(
      'after',
      examples(
        'guestpass invite fabrikam ann@contoso.com --redirect-url https://portal.fabrikam.com',
        'guestpass invite fabrikam bob@contoso.com --redirect-url https://portal.fabrikam.com --no-email --name "Bob"',
      ),
    )
    .action(async (tenant: string, email: string, options: InviteOptions, command: Command) => {
      const ctx = contextOf(command);
      const response = await ctx.api.post(`/tenants/${seg(tenant)}/invitations`, {
        email,
        redirectUrl: options.redirectUrl,
        sendEmail: options.email,
        ...(options.name === undefined ? {} : { displayName: options.name }),
        ...(options.language === undefined ? {} : { language: options.language }),
      });
      ctx.show(response.body, () =>
        describe(response.body as Invitation, response.status, options),
      );
    });
}
