import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSigningJwks } from '../../config/signing-keys.js';

type Env = Record<string, string | undefined>;

/** what `npm run dev` would otherwise generate anew at each start */
interface Secrets {
  adminToken: string;
  cookieSecret: string;
}

const secret = () => randomBytes(32).toString('base64url');

/**
 * Development: the admin token, the cookie secret and the signing key, generated once into
 * `dir` (private files) and used again at every start, so a restart keeps the CLI's token,
 * the browser's session cookies, the sealed client secrets and the issued tokens valid. What
 * the environment sets wins. Returns the variables to add to the environment.
 */
export async function devSecrets(dir: string, env: Env): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const secretsPath = join(dir, 'secrets.json');
  const saved = await readJson(secretsPath);
  const secrets: Secrets = {
    adminToken: typeof saved?.adminToken === 'string' ? saved.adminToken : secret(),
    cookieSecret: typeof saved?.cookieSecret === 'string' ? saved.cookieSecret : secret(),
  };
  if (saved?.adminToken !== secrets.adminToken || saved.cookieSecret !== secrets.cookieSecret)
    await writeFile(secretsPath, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });

  const added: Record<string, string> = {};
  if (!env.ADMIN_TOKEN) added.ADMIN_TOKEN = secrets.adminToken;
  if (!env.COOKIE_SECRETS) added.COOKIE_SECRETS = secrets.cookieSecret;
  // per-tenant keys live in the store (sealed with COOKIE_SECRETS); JWKS_PATH is refused then
  if (!env.JWKS_PATH && env.SIGNING_KEYS !== 'tenant') {
    const jwksPath = join(dir, 'jwks.json');
    if ((await readJson(jwksPath)) === undefined)
      await writeFile(jwksPath, JSON.stringify(await generateSigningJwks()), { mode: 0o600 });
    added.JWKS_PATH = jwksPath;
  }
  return added;
}

/** a JSON object from a file, or undefined when there is none (or it is not an object) */
async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
