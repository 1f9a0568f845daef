import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { seg } from '../api-client.js';
import type { ConsentView, GuestView, PasskeyView, ResetRedemption } from '../api-types.js';
import { contextOf } from '../context.js';
import type { CliContext } from '../context.js';
import { ApiError } from '../errors.js';
import { examples, idOf } from '../option-parsers.js';
import { fields, table } from '../output.js';

/** a guest named by id, or by email address (looked up in the tenant's guests) */
const guestArgument = (value: string): string =>
  value.includes('@') ? value.trim() : idOf('guest')(value);

/** the guest's id: as given, or the id of the guest with that email address (one lookup) */
async function guestId(ctx: CliContext, tenant: string, idOrEmail: string): Promise<string> {
  if (!idOrEmail.includes('@')) return idOrEmail;
  const query = new URLSearchParams({ email: idOrEmail });
  const { body } = await ctx.api.get(`/tenants/${seg(tenant)}/guests?${query}`);
  const found = (body as GuestView[])[0];
  if (!found) throw new ApiError(404, 'not_found', `no guest "${idOrEmail}" in tenant "${tenant}"`);
  return found.id;
}

const credentialArgument = (value: string): string => {
  if (!/^[A-Za-z0-9_-]{1,1366}$/.test(value))
    throw new InvalidArgumentError('a passkey id (base64url), as guest passkeys lists it');
  return value;
};

function describeReset(reset: ResetRedemption, options: { sendEmail?: boolean }): string {
  const mail = !options.sendEmail
    ? 'not sent (add --send-email to mail it): give the guest the redeem URL yourself'
    : reset.emailSent
      ? `sent to ${reset.guest.email}`
      : 'could not be sent: give the guest the redeem URL yourself';
  return [
    `Reset the redemption of ${reset.guest.email}: their next sign-in chooses the method anew (same id).`,
    fields({ ...reset.guest }),
    '',
    `passkeys removed: ${reset.passkeysRemoved}`,
    `consents revoked: ${reset.consentsRevoked}`,
    'sessions and tokens: ended',
    `redeem URL: ${reset.redeemUrl}`,
    `invitation email: ${mail}`,
  ].join('\n');
}

/** the guest a guest subcommand names: the API path of the guest, and the guest as written */
interface GuestTarget {
  readonly ctx: CliContext;
  readonly path: string;
  readonly guest: string;
}

/** a subcommand of `guest` taking `<tenant> <guest>` (an id, or an address looked up) first */
function guestCommand(
  parent: Command,
  name: string,
  description: string,
  guestHelp = 'guest id or email address',
): Command {
  return parent
    .command(name)
    .description(description)
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .argument('<guest>', guestHelp, guestArgument);
}

/**
 * A guest subcommand's action: `work` gets the guest (looked up by address when one was
 * given), the arguments after it, and the options.
 */
function onGuest<O = object>(
  work: (target: GuestTarget, args: string[], options: O) => Promise<void>,
): (...given: unknown[]) => Promise<void> {
  return async (...given) => {
    // Commander passes the arguments, then the options, then the command
    const command = given.at(-1) as Command;
    const options = given.at(-2) as O;
    const [tenant = '', written = '', ...args] = given.slice(0, -2) as string[];
    const ctx = contextOf(command);
    const id = await guestId(ctx, tenant, written);
    await work(
      { ctx, path: `/tenants/${seg(tenant)}/guests/${seg(id)}`, guest: written },
      args,
      options,
    );
  };
}

/** guest reset-redemption, consents, revoke-consent, passkeys, remove-passkey */
export function registerGuestLifecycle(guest: Command) {
  guestCommand(
    guest,
    'reset-redemption',
    "reset a guest's redemption: same id (sub), method and upstream binding cleared, passkeys, consents, sessions and tokens ended; prints a fresh redeem URL",
    'guest id (from guest list) or email address',
  )
    .option('--send-email', 'mail the fresh invitation link to the guest')
    .option('--redirect-url <url>', 'where the invitation leads after redemption from now on')
    .addHelpText(
      'after',
      examples(
        'guestpass guest reset-redemption fabrikam ann@contoso.com --send-email',
        'guestpass guest reset-redemption fabrikam Xk3v9QpL2aZr',
      ),
    )
    .action(
      onGuest<{ sendEmail?: boolean; redirectUrl?: string }>(
        async ({ ctx, path }, _args, options) => {
          const { body } = await ctx.api.post(`${path}/reset-redemption`, {
            sendEmail: options.sendEmail === true,
            ...(options.redirectUrl === undefined ? {} : { redirectUrl: options.redirectUrl }),
          });
          ctx.show(body, () => describeReset(body as ResetRedemption, options));
        },
      ),
    );

  guestCommand(
    guest,
    'consents',
    "list the clients a guest allowed (remembered consent: they aren't asked again)",
  ).action(
    onGuest(async ({ ctx, path, guest: written }) => {
      const { body } = await ctx.api.get(`${path}/consents`);
      ctx.show(body, () =>
        table(
          body as ConsentView[],
          [
            { header: 'CLIENT', value: (c) => c.clientId },
            { header: 'SCOPES', value: (c) => c.scopes },
            { header: 'GRANTED', value: (c) => c.grantedAt },
            { header: 'UPDATED', value: (c) => c.updatedAt },
          ],
          `Guest ${written} has allowed no client.`,
        ),
      );
    }),
  );

  guestCommand(
    guest,
    'revoke-consent',
    "revoke a guest's consent to a client: ends their grants and tokens for it; the client asks again",
  )
    .argument('<client>', 'client id (from guest consents)', idOf('client'))
    .action(
      onGuest(async ({ ctx, path, guest: written }, [client = '']) => {
        const { body } = await ctx.api.delete(`${path}/consents/${seg(client)}`);
        ctx.show(body, () => `Revoked the consent of guest ${written} to client ${client}.`);
      }),
    );

  guestCommand(guest, 'passkeys', "list a guest's passkeys").action(
    onGuest(async ({ ctx, path, guest: written }) => {
      const { body } = await ctx.api.get(`${path}/passkeys`);
      ctx.show(body, () =>
        table(
          body as PasskeyView[],
          [
            { header: 'PASSKEY', value: (p) => p.id },
            { header: 'KIND', value: (p) => (p.backedUp ? 'synced' : 'device') },
            { header: 'ADDED', value: (p) => p.createdAt },
            { header: 'LAST USED', value: (p) => p.lastUsedAt },
          ],
          `Guest ${written} has no passkeys.`,
        ),
      );
    }),
  );

  guestCommand(
    guest,
    'remove-passkey',
    "remove one of a guest's passkeys (they sign in with their method instead)",
  )
    .argument('<passkey>', 'passkey id (from guest passkeys)', credentialArgument)
    .action(
      onGuest(async ({ ctx, path, guest: written }, [passkey = '']) => {
        const { body } = await ctx.api.delete(`${path}/passkeys/${seg(passkey)}`);
        ctx.show(body, () => `Removed passkey ${passkey} of guest ${written}.`);
      }),
    );
}
