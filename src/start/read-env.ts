import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

type Env = Record<string, string | undefined>;

/** The environment the server starts with, and where part of it came from. */
export interface StartEnvironment {
  env: Env;
  /** the .env file that was read, if there was one */
  dotEnvPath: string | undefined;
}

/**
 * The process environment over the `.env` file of `cwd` when there is one (a variable set in
 * the real environment wins over the file, as with Docker Compose and dotenv). NODE_ENV unset
 * means production: only `NODE_ENV=development` (what `npm run dev` sets) gets the embedded
 * store, the outbox, the demo and generated secrets.
 */
export function readEnvironment(
  cwd: string = process.cwd(),
  processEnv: Env = process.env,
): StartEnvironment {
  const path = join(cwd, '.env');
  let fromFile: Env = {};
  let dotEnvPath: string | undefined;
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // no .env: the environment alone
  }
  if (text !== undefined) {
    fromFile = parseEnv(text);
    dotEnvPath = path;
  }
  const env: Env = { ...fromFile };
  for (const [name, value] of Object.entries(processEnv))
    if (value !== undefined) env[name] = value;
  if (!env.NODE_ENV) env.NODE_ENV = 'production';
  return { env, dotEnvPath };
}
