import { writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import type { Command } from 'commander';
import { seg } from '../api-client.js';
import type { SigningKeyList } from '../api-types.js';
import { contextOf, print } from '../context.js';
import { usageError } from '../errors.js';
import { examples, idOf, positiveInteger } from '../option-parsers.js';
import { table } from '../output.js';

/** the algorithms of config/signing-keys.ts (not imported: the other commands need not load jose) */
const algorithms = ['RS256', 'PS256', 'ES256', 'EdDSA'];

async function generate(options: { out?: string; alg: string }) {
  // imported here so that the other commands do not load jose
  const { generateSigningJwks, isSigningAlg } = await import('../../../config/signing-keys.js');
  if (!isSigningAlg(options.alg)) throw usageError(`--alg: must be ${algorithms.join(', ')}`);
  const jwks = await generateSigningJwks(options.alg);
  const text = `${JSON.stringify(jwks, null, 2)}\n`;
  if (options.out === undefined) {
    process.stdout.write(text);
    // on stderr, so `> jwks.json` keeps only the key set
    process.stderr.write(
      'guestpass: this is a private signing key set: keep the file it goes to private (chmod 600, git-ignored, never committed; --out writes it so)\n',
    );
    return;
  }
  try {
    // owner-only, and never over an existing key set (that would sign out every session)
    await writeFile(options.out, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw usageError(
      `--out: cannot write ${options.out} (${code === 'EEXIST' ? 'it already exists' : code})`,
    );
  }
  print(
    `Wrote a private JWK Set (${options.alg}, kid ${jwks.keys[0]?.kid ?? '?'}) to ${options.out}.`,
  );
  print(`Point JWKS_PATH at it; keep it secret.`);
}

function keyTable(list: SigningKeyList, tenant: string): string {
  const lines = [
    list.mode === 'deployment'
      ? `${tenant} signs with the deployment's keys (SIGNING_KEYS=deployment, JWKS_PATH).`
      : `${tenant} signs with its own keys.`,
    table(
      list.keys,
      [
        { header: 'KID', value: (k) => k.kid },
        { header: 'ALG', value: (k) => k.alg },
        { header: 'STATE', value: (k) => k.state },
        { header: 'SIGNS FROM', value: (k) => k.activatesAt ?? '' },
        { header: 'PUBLISHED UNTIL', value: (k) => k.retiresAt ?? '' },
      ],
      `No signing keys for ${tenant}.`,
    ),
  ];
  return lines.join('\n');
}

export function registerKeys(program: Command) {
  const keys = program
    .command('keys')
    .description("signing keys: a JWK Set file for JWKS_PATH, or a tenant's own keys");

  keys
    .command('generate')
    .description('print a new private signing JWK Set (one key) for JWKS_PATH; needs no server')
    .addOption(
      new Option(
        '--alg <alg>',
        'the key type: RS256 and PS256 (RSA), ES256 (P-256), EdDSA (Ed25519)',
      )
        .choices(algorithms)
        .default('RS256'),
    )
    .option('--out <file>', 'write it to this new file (mode 600) instead of printing it')
    .addHelpText(
      'after',
      examples(
        'guestpass keys generate --out /etc/guestpass/jwks.json',
        'guestpass keys generate --alg ES256 > jwks.json',
      ),
    )
    .action(generate);

  keys
    .command('list')
    .description(
      "list a tenant's signing keys: public parts, state (next, active, retiring) and times",
    )
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .action(async (tenant: string, _options: object, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.get(`/tenants/${seg(tenant)}/keys`);
      ctx.show(body, () => keyTable(body as SigningKeyList, tenant));
    });

  keys
    .command('rotate')
    .description(
      "publish a tenant's next signing key now; it signs after the overlap, and the old key " +
        'stays published until every token it signed has expired',
    )
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .option(
      '--overlap <seconds>',
      'seconds between publishing the key and signing with it (default: the server setting SIGNING_KEY_OVERLAP_SECONDS)',
      positiveInteger,
    )
    .option('--now', 'sign with the new key at once (a compromised key: relying parties refetch)')
    .addHelpText(
      'after',
      examples('guestpass keys rotate fabrikam', 'guestpass keys rotate fabrikam --now'),
    )
    .action(
      async (tenant: string, options: { overlap?: number; now?: boolean }, command: Command) => {
        if (options.now && options.overlap !== undefined)
          throw usageError('--now and --overlap: choose one');
        const ctx = contextOf(command);
        const overlapSeconds = options.now ? 0 : options.overlap;
        const { body } = await ctx.api.post(
          `/tenants/${seg(tenant)}/keys/rotate`,
          overlapSeconds === undefined ? {} : { overlapSeconds },
        );
        const list = body as SigningKeyList;
        const next = list.keys.find((k) => k.kid === list.rotated);
        ctx.show(body, () =>
          [
            `Published key ${next?.kid ?? '?'} (${next?.alg ?? '?'}) for ${tenant}; it signs from ${next?.activatesAt ?? '?'}.`,
            keyTable(list, tenant),
          ].join('\n'),
        );
      },
    );
}
