import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { print } from '../context.js';
import { examples } from '../option-parsers.js';

async function generate(options: { out?: string }) {
  // imported here so that the other commands do not load jose
  const { generateSigningJwks } = await import('../../../config/signing-keys.js');
  const jwks = await generateSigningJwks();
  const text = `${JSON.stringify(jwks, null, 2)}\n`;
  if (options.out === undefined) {
    process.stdout.write(text);
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
  print(`Wrote a private JWK Set (kid ${jwks.keys[0]?.kid ?? '?'}) to ${options.out}.`);
  print(`Point JWKS_PATH at it; keep it secret.`);
}

export function registerKeys(program: Command) {
  const keys = program.command('keys').description('signing keys (no server needed)');

  keys
    .command('generate')
    .description(
      'print a new private signing JWK Set (one RS256 key) for JWKS_PATH; needs no server',
    )
    .option('--out <file>', 'write it to this new file (mode 600) instead of printing it')
    .addHelpText(
      'after',
      examples(
        'guestpass keys generate --out /etc/guestpass/jwks.json',
        'guestpass keys generate > jwks.json',
      ),
    )
    .action(generate);
}
