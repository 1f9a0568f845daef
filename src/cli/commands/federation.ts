import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { seg } from '../api-client.js';
import type { FederationRule } from '../api-types.js';
import { contextOf } from '../context.js';
import { usageError } from '../errors.js';
import { examples } from '../option-parsers.js';
import { fields, table } from '../output.js';

const rulesTable = (rules: FederationRule[], tenant: string) =>
  table(
    rules,
    [
      { header: 'ID', value: (r) => r.id },
      { header: 'DOMAINS', value: (r) => r.domains },
      { header: 'ISSUER', value: (r) => r.issuer },
      { header: 'CLIENT ID', value: (r) => r.clientId },
      { header: 'REDIRECT URI', value: (r) => r.redirectUri },
    ],
    `No federation rules in ${tenant}: every guest signs in with an email passcode.`,
  );

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The rules file (or stdin for `-`) as JSON; what the rules must say is the API's to check. */
async function readRules(file: string): Promise<unknown> {
  const name = file === '-' ? 'stdin' : file;
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw usageError(
      `--file: cannot read ${name} (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw usageError(`--file: ${name} is not JSON (${(error as Error).message})`);
  }
}

const ruleExample = `
Rules file: a JSON array; each rule sends guests of its domains to their own OpenID provider.
  [{"id": "contoso", "domains": ["contoso.com"], "issuer": "https://login.contoso.com",
    "clientId": "…", "clientSecret": "…"}]
The client secret is write-only: set answers never show it. Register each rule's redirectUri
(printed after set) at the upstream provider.
`;

export function registerFederation(program: Command) {
  const federation = program
    .command('federation')
    .description("a tenant's federation rules: which email domains sign in at their own IdP");

  federation
    .command('show')
    .description("show a tenant's federation rules and the redirect URI of each")
    .argument('<tenant>', 'tenant id')
    .action(async (tenant: string, _options: object, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.get(`/tenants/${seg(tenant)}/federation`);
      ctx.show(body, () => rulesTable(body as FederationRule[], tenant));
    });

  federation
    .command('set')
    .description("replace a tenant's federation rules with those in a JSON file")
    .argument('<tenant>', 'tenant id')
    .requiredOption('--file <rules.json>', 'the JSON array of rules, or - to read it from stdin')
    .addHelpText(
      'after',
      `${ruleExample}${examples(
        'guestpass federation set fabrikam --file rules.json',
        "echo '[]' | guestpass federation set fabrikam --file -    # remove every rule",
      )}`,
    )
    .action(async (tenant: string, options: { file: string }, command: Command) => {
      const ctx = contextOf(command);
      const rules = await readRules(options.file);
      const { body } = await ctx.api.put(`/tenants/${seg(tenant)}/federation`, rules);
      ctx.show(body, () => {
        const saved = body as FederationRule[];
        const lines = [`Saved ${saved.length} federation rule(s) for ${tenant}.`];
        if (saved.length)
          lines.push(
            rulesTable(saved, tenant),
            '',
            'Register each REDIRECT URI at its upstream provider.',
          );
        return lines.join('\n');
      });
    });

  federation
    .command('resolve')
    .description('say how a guest with this email would sign in (federation or passcode) and why')
    .argument('<tenant>', 'tenant id')
    .argument('<email>', 'an email address')
    .addHelpText('after', examples('guestpass federation resolve fabrikam ann@contoso.com'))
    .action(async (tenant: string, email: string, _options: object, command: Command) => {
      const ctx = contextOf(command);
      const query = new URLSearchParams({ email });
      const { body } = await ctx.api.get(`/tenants/${seg(tenant)}/federation/resolve?${query}`);
      ctx.show(body, () => fields({ ...(body as Record<string, unknown>) }));
    });
}
