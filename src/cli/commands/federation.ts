import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { seg } from '../api-client.js';
import type { FederationRule } from '../api-types.js';
import { contextOf } from '../context.js';
import { usageError } from '../errors.js';
import { examples } from '../option-parsers.js';
import { fields, table } from '../output.js';

/** A rule as the API answers it, with what only some rules have (a SAML rule: idp and sp). */
type ShownRule = FederationRule & {
  type?: string;
  clientAuth?: string;
  publicKey?: { jwk: object; certificate: string; notAfter: string };
  idp?: { entityId: string; certificates: { notAfter: string }[] };
  sp?: { entityId: string; acsUrl: string; metadataUrl: string };
};

const rulesTable = (rules: ShownRule[], tenant: string) =>
  table(
    rules,
    [
      { header: 'ID', value: (r) => r.id },
      { header: 'TYPE', value: (r) => r.type ?? 'oidc' },
      { header: 'DOMAINS', value: (r) => r.domains },
      { header: 'ISSUER', value: (r) => r.issuer ?? r.idp?.entityId ?? '' },
      { header: 'CLIENT ID', value: (r) => r.clientId ?? r.sp?.entityId ?? '' },
      { header: 'AUTH', value: (r) => (r.sp ? 'saml' : (r.clientAuth ?? 'client_secret')) },
      { header: 'REDIRECT URI', value: (r) => r.redirectUri ?? r.sp?.acsUrl ?? '' },
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
    "clientId": "…", "clientSecret": "…"},
   {"id": "entra", "type": "entra", "tenant": "organizations", "domains": ["fabrikam.com"],
    "clientId": "…", "clientAuth": "private_key_jwt"},
   {"id": "google", "type": "google", "domains": ["gmail.com"], "clientId": "…",
    "clientSecret": "…"},
   {"id": "adfs", "type": "saml", "domains": ["northwind.com"],
    "metadataUrl": "https://adfs.northwind.com/FederationMetadata/2007-06/FederationMetadata.xml",
    "emailAttribute": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"}]
A "saml" rule names a SAML 2.0 IdP by "metadataUrl" or "metadataXml" (its signing
certificates are kept); "emailAttribute" is the attribute with the email (default "email").
For it, ISSUER shows the IdP's entity ID, CLIENT ID this tenant's SP entity ID and REDIRECT
URI the ACS URL: register them (or the SP metadata URL) at the IdP.
The issuer is compared exactly (keep Auth0's trailing slash). Secrets are write-only: set
answers never show them. Register each rule's redirectUri (printed after set) at the
upstream provider, and for a private_key_jwt rule its certificate (federation key).
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
      ctx.show(body, () => rulesTable(body as ShownRule[], tenant));
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
        const saved = body as ShownRule[];
        const lines = [`Saved ${saved.length} federation rule(s) for ${tenant}.`];
        if (saved.length)
          lines.push(
            rulesTable(saved, tenant),
            '',
            'Register each REDIRECT URI at its upstream provider.',
          );
        for (const rule of saved.filter((r) => r.sp)) {
          lines.push(
            `Register Guestpass at the SAML IdP of ${rule.id}: import ${rule.sp?.metadataUrl ?? ''} (entity ID and ACS URL above).`,
          );
        }
        for (const rule of saved.filter((r) => r.publicKey)) {
          lines.push(
            `Register the certificate of ${rule.id} there too: guestpass federation key ${tenant} ${rule.id} > ${rule.id}.pem`,
          );
        }
        return lines.join('\n');
      });
    });

  federation
    .command('key')
    .description(
      'print the public key of a private_key_jwt rule, to register at its upstream provider',
    )
    .argument('<tenant>', 'tenant id')
    .argument('<rule>', 'rule id')
    .option(
      '--jwk',
      'the public JWK (Okta, Keycloak) instead of the PEM certificate (Entra ID, Auth0)',
    )
    .addHelpText(
      'after',
      examples(
        'guestpass federation key fabrikam entra > guestpass-entra.pem    # Entra ID: upload certificate',
        'guestpass federation key fabrikam okta --jwk                    # Okta: add a public key',
      ),
    )
    .action(async (tenant: string, id: string, options: { jwk?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.get(`/tenants/${seg(tenant)}/federation`);
      const rule = (body as ShownRule[]).find((r) => r.id === id);
      if (!rule) throw usageError(`<rule>: ${tenant} has no federation rule ${id}`);
      if (rule.sp)
        throw usageError(
          `<rule>: ${id} is a SAML rule: the IdP imports ${rule.sp.metadataUrl} (entity ID, ACS URL and signing certificate)`,
        );
      if (!rule.publicKey)
        throw usageError(
          `<rule>: ${id} authenticates with a client secret; set "clientAuth": "private_key_jwt" for a key`,
        );
      const key = rule.publicKey;
      ctx.show(key, () =>
        options.jwk ? JSON.stringify(key.jwk, null, 2) : key.certificate.trimEnd(),
      );
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
