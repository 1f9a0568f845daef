import type { Config } from '../../config/config.js';

/**
 * What `npm run dev` prints once it listens: where to go, and the two lines that point the CLI
 * at this server. Development only; the token is the one kept in the development folder (or
 * ADMIN_TOKEN when set).
 */
export function devBanner(config: Config, devDir: string | undefined, storeKind: string): string {
  const url = config.publicUrl;
  const kept =
    devDir === undefined
      ? ['  Nothing is kept: tenants, guests and the admin token are new at every start.']
      : storeKind === 'memory'
        ? [
            `  Tenants, guests and sessions are kept in ${devDir}/store.json, the admin token and keys`,
            `  in ${devDir}/ (delete the folder to start afresh).`,
          ]
        : [`  The admin token and keys are kept in ${devDir}/ (the data lives in Redis).`];
  return [
    '',
    `  Guestpass (development) is running at ${url}`,
    '',
    `    demo app       ${url}/demo`,
    ...(config.mail.transport === 'outbox' ? [`    mail outbox    ${url}/dev/outbox`] : []),
    `    admin console  ${url}/admin`,
    `    discovery      ${url}/demo/.well-known/openid-configuration`,
    '',
    '  The CLI (npx guestpass) talks to it with:',
    '',
    `    export GUESTPASS_URL=${url} GUESTPASS_TOKEN=${config.adminToken}`,
    '',
    ...kept,
    '',
    '',
  ].join('\n');
}
