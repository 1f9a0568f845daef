import { readFile } from 'node:fs/promises';
import { Option } from 'commander';
import type { Command } from 'commander';
import { seg } from '../api-client.js';
import type { ClientView, InitialAccessToken } from '../api-types.js';
import { contextOf } from '../context.js';
import { usageError } from '../errors.js';
import { collect, examples, idOf, positiveInteger } from '../option-parsers.js';
import { fields, table } from '../output.js';

interface CreateOptions {
  name: string;
  redirectUri?: string[];
  public?: boolean;
  authMethod?: string;
  grant?: string[];
  postLogoutRedirectUri?: string[];
  skipConsent?: boolean;
  jwks?: string;
  jwksUri?: string;
}

/** `--jwks <file>`: the client's public JWK Set, read and parsed here (the server checks it) */
async function publicKeys(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw usageError(
      `--jwks: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw usageError(`--jwks: ${file} is not JSON (a JWK Set: {"keys": [...]})`);
  }
}

/** The registration body: only what the operator said, the API applies its defaults. */
async function createBody(options: CreateOptions) {
  const authMethod = options.public ? 'none' : options.authMethod;
  return {
    ...(options.jwks ? { jwks: await publicKeys(options.jwks) } : {}),
    ...(options.jwksUri ? { jwks_uri: options.jwksUri } : {}),
    client_name: options.name,
    redirect_uris: options.redirectUri ?? [],
    ...(authMethod ? { token_endpoint_auth_method: authMethod } : {}),
    ...(options.grant ? { grant_types: options.grant } : {}),
    ...(options.postLogoutRedirectUri
      ? { post_logout_redirect_uris: options.postLogoutRedirectUri }
      : {}),
    ...(options.skipConsent ? { skip_consent: true } : {}),
  };
}

function describeCreated(client: ClientView): string {
  const { client_secret: secret, client_id: id, ...rest } = client;
  // client_id first: it is what the operator copies next
  const lines = [`Created client ${id}.`, fields({ client_id: id, ...rest })];
  if (secret) {
    lines.push(
      '',
      `client_secret: ${secret}`,
      'This secret is shown only now: store it safely. It cannot be read again (delete and re-create the client to get a new one).',
    );
  }
  return lines.join('\n');
}

export function registerClient(program: Command) {
  const client = program
    .command('client')
    .description("manage a tenant's relying parties (OpenID Connect clients)");

  client
    .command('create')
    .description(
      'register a client; prints its client_id and, for a confidential client, its secret (once)',
    )
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .requiredOption('--name <client_name>', 'the name guests see on the consent page')
    .option('--redirect-uri <uri>', 'an exact redirect URI (repeat for more)', collect)
    .option('--public', 'a public client (SPA, native app): no secret, PKCE only')
    .addOption(
      new Option(
        '--auth-method <method>',
        'how a confidential client authenticates at the token endpoint',
      )
        .choices([
          'client_secret_basic',
          'client_secret_post',
          'client_secret_jwt',
          'private_key_jwt',
          'none',
        ])
        .conflicts('public'),
    )
    .option(
      '--grant <type>',
      'authorization_code (default), refresh_token or client_credentials (repeat for more)',
      collect,
    )
    .option(
      '--post-logout-redirect-uri <uri>',
      'where logout may return to (repeat for more)',
      collect,
    )
    .option('--skip-consent', 'do not ask guests for consent (first-party apps)')
    .option(
      '--jwks <file>',
      'private_key_jwt: a file with the public JWK Set the client signs with',
    )
    .option(
      '--jwks-uri <url>',
      'private_key_jwt: where the server fetches those keys (its host must be in CLIENT_JWKS_URI_HOSTS)',
    )
    .addHelpText(
      'after',
      examples(
        'guestpass client create fabrikam --name Portal --redirect-uri https://portal.fabrikam.com/callback',
        'guestpass client create fabrikam --name SPA --public --redirect-uri http://localhost:5173/cb',
        'guestpass client create fabrikam --name Sync --grant client_credentials',
        'guestpass client create fabrikam --name Sync --grant client_credentials --auth-method private_key_jwt --jwks sync-public.json',
      ),
    )
    .action(async (tenant: string, options: CreateOptions, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.post(
        `/tenants/${seg(tenant)}/clients`,
        await createBody(options),
      );
      ctx.show(body, () => describeCreated(body as ClientView));
    });

  client
    .command('list')
    .description("list a tenant's clients")
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .action(async (tenant: string, _options: object, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.get(`/tenants/${seg(tenant)}/clients`);
      ctx.show(body, () =>
        table(
          body as ClientView[],
          [
            { header: 'CLIENT ID', value: (c) => c.client_id },
            { header: 'NAME', value: (c) => c.client_name },
            { header: 'AUTH METHOD', value: (c) => c.token_endpoint_auth_method },
            { header: 'GRANTS', value: (c) => c.grant_types },
            { header: 'REDIRECT URIS', value: (c) => c.redirect_uris },
          ],
          `No clients in ${tenant}. Register one with: guestpass client create ${tenant} --name <name> --redirect-uri <uri>`,
        ),
      );
    });

  client
    .command('show')
    .description('show one client (never its secret)')
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .argument('<id>', 'client_id', idOf('client'))
    .action(async (tenant: string, id: string, _options: object, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.get(`/tenants/${seg(tenant)}/clients/${seg(id)}`);
      ctx.show(body, () => fields({ ...(body as ClientView) }));
    });

  client
    .command('delete')
    .description('delete a client')
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .argument('<id>', 'client_id', idOf('client'))
    .action(async (tenant: string, id: string, _options: object, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.delete(`/tenants/${seg(tenant)}/clients/${seg(id)}`);
      ctx.show(body, () => `Deleted client ${id} of ${tenant}.`);
    });

  client
    .command('token')
    .description(
      'create an initial access token for OpenID Dynamic Client Registration at $GUESTPASS_URL/<tenant>/reg',
    )
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .option(
      '--expires-in <seconds>',
      'how long the token is valid (default: the server decides)',
      positiveInteger,
    )
    .addHelpText(
      'after',
      examples(
        'guestpass client token fabrikam --expires-in 3600',
        'curl $GUESTPASS_URL/fabrikam/reg -H "authorization: Bearer <token>" -H "content-type: application/json" \\\n      -d \'{"client_name":"App","redirect_uris":["https://app.example.com/cb"]}\'',
      ),
    )
    .action(async (tenant: string, options: { expiresIn?: number }, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.post(
        `/tenants/${seg(tenant)}/initial-access-tokens`,
        options.expiresIn === undefined ? {} : { expiresIn: options.expiresIn },
      );
      ctx.show(body, () => {
        const t = body as InitialAccessToken;
        return [
          fields({
            token: t.token,
            expiresAt: t.expiresAt ?? 'never',
            registrationEndpoint: `${ctx.serverUrl}/${tenant}/reg`,
          }),
          '',
          'This token is shown only now. Send it as "Authorization: Bearer <token>" to register a client.',
        ].join('\n');
      });
    });
}
