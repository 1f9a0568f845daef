import { Command, Option } from 'commander';
import { registerAdminKey } from './commands/admin-key.js';
import { registerClient } from './commands/client.js';
import { registerFederation } from './commands/federation.js';
import { registerGuest } from './commands/guest.js';
import { registerInvite } from './commands/invite.js';
import { registerKeys } from './commands/keys.js';
import { registerPolicy } from './commands/policy.js';
import { registerSignIns } from './commands/sign-ins.js';
import { registerTenant } from './commands/tenant.js';

const about = `
Environment:
  GUESTPASS_URL    the server (default http://localhost:3000); --url overrides it
  GUESTPASS_TOKEN  the operator ADMIN_TOKEN or a tenant admin key; --token overrides it
                   (prefer the variable: command-line arguments are visible to other users)

Exit codes:
  0 done   1 the API refused (its error on stderr)   2 wrong usage   3 server unreachable

Examples:
  $ export GUESTPASS_URL=https://id.example.com GUESTPASS_TOKEN=<admin token>
  $ guestpass tenant create fabrikam --name Fabrikam
  $ guestpass client create fabrikam --name Portal --redirect-uri https://portal.fabrikam.com/cb
  $ guestpass invite fabrikam ann@contoso.com --redirect-url https://portal.fabrikam.com
  $ guestpass guest list fabrikam --json
`;

/**
 * The `guestpass` command tree. Settings made here before the nouns are added (exit override,
 * output, help) are inherited by every subcommand commander creates with `.command()`.
 */
export function buildProgram(): Command {
  const program = new Command('guestpass')
    .description('Administer a Guestpass server: tenants, policies, guests, clients, federation.')
    .addOption(
      new Option('--url <url>', 'the Guestpass server')
        .env('GUESTPASS_URL')
        .default('http://localhost:3000'),
    )
    .addOption(
      new Option('--token <token>', 'bearer token for the admin API').env('GUESTPASS_TOKEN'),
    )
    .option('--json', "print the API's JSON answer instead of text (for scripts)")
    .addHelpText('after', about)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({
      // one style for every error line: "guestpass: …"
      outputError: (text, write) => write(text.replace(/^error: /, 'guestpass: ')),
    })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();

  registerTenant(program);
  registerPolicy(program);
  registerInvite(program);
  registerGuest(program);
  registerClient(program);
  registerAdminKey(program);
  registerSignIns(program);
  registerFederation(program);
  registerKeys(program);
  return program;
}
