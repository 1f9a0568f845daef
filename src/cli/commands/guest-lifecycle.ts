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

/** the guest's id: as given, or the id of the guest with that email address */
async function guestId(ctx: CliContext, tenant: string, idOrEmail: string): Promise<string> {
  if (!idOrEmail.includes('@')) return idOrEmail;
  const { body } = await ctx.api.get(`/tenants/${seg(tenant)}/guests`);
  const wanted = idOrEmail.toLowerCase();
  const found = (body as GuestView[]).find((g) => g.email.toLowerCase() === wanted);
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

/** guest reset-redemption, consents, revoke-consent, passkeys, remove-passkey */
export function registerGuestLifecycle(guest: Command) {
  guest
    .command('reset-redemption')
    .description(
      "reset a guest's redemption: same id (sub), method and upstream binding cleared, passkeys, consents, sessions and tokens ended; prints a fresh redeem URL",
    )
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .argument('<guest>', 'guest id (from guest list) or email address', guestArgument)
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
      async (
        tenant: string,
        idOrEmail: string,
        options: { sendEmail?: boolean; redirectUrl?: string },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const id = await guestId(ctx, tenant, idOrEmail);
        const { body } = await ctx.api.post(
          `/tenants/${seg(tenant)}/guests/${seg(id)}/reset-redemption`,
          {
            sendEmail: options.sendEmail === true,
            ...(options.redirectUrl === undefined ? {} : { redirectUrl: options.redirectUrl }),
          },
        );
        ctx.show(body, () => describeReset(body as ResetRedemption, options));
      },
    );

  guest
    .command('consents')
    .description("list the clients a guest allowed (remembered consent: they aren't asked again)")
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .argument('<guest>', 'guest id or email address', guestArgument)
    .action(async (tenant: string, idOrEmail: string, _options: object, command: Command) => {
      const ctx = contextOf(command);
      const id = await guestId(ctx, tenant, idOrEmail);
      const { body } = await ctx.api.get(`/tenants/${seg(tenant)}/guests/${seg(id)}/consents`);
      ctx.show(body, () =>
        table(
          body as ConsentView[],
          [
            { header: 'CLIENT', value: (c) => c.clientId },
            { header: 'SCOPES', value: (c) => c.scopes },
            { header: 'GRANTED', value: (c) => c.grantedAt },
            { header: 'UPDATED', value: (c) => c.updatedAt },
          ],
          `Guest ${idOrEmail} has allowed no client.`,
        ),
      );
    });

  guest
    .command('revoke-consent')
    .description(
      "revoke a guest's consent to a client: ends their grants and tokens for it; the client asks again",
    )
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .argument('<guest>', 'guest id or email address', guestArgument)
    .argument('<client>', 'client id (from guest consents)', idOf('client'))
    .action(
      async (
        tenant: string,
        idOrEmail: string,
        client: string,
        _options: object,
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const id = await guestId(ctx, tenant, idOrEmail);
        const { body } = await ctx.api.delete(
          `/tenants/${seg(tenant)}/guests/${seg(id)}/consents/${seg(client)}`,
        );
        ctx.show(body, () => `Revoked the consent of guest ${idOrEmail} to client ${client}.`);
      },
    );

  guest
    .command('passkeys')
    .description("list a guest's passkeys")
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .argument('<guest>', 'guest id or email address', guestArgument)
    .action(async (tenant: string, idOrEmail: string, _options: object, command: Command) => {
      const ctx = contextOf(command);
      const id = await guestId(ctx, tenant, idOrEmail);
      const { body } = await ctx.api.get(`/tenants/${seg(tenant)}/guests/${seg(id)}/passkeys`);
      ctx.show(body, () =>
        table(
          body as PasskeyView[],
          [
            { header: 'PASSKEY', value: (p) => p.id },
            { header: 'KIND', value: (p) => (p.backedUp ? 'synced' : 'device') },
            { header: 'ADDED', value: (p) => p.createdAt },
            { header: 'LAST USED', value: (p) => p.lastUsedAt },
          ],
          `Guest ${idOrEmail} has no passkeys.`,
        ),
      );
    });

  guest
    .command('remove-passkey')
    .description("remove one of a guest's passkeys (they sign in with their method instead)")
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .argument('<guest>', 'guest id or email address', guestArgument)
    .argument('<passkey>', 'passkey id (from guest passkeys)', credentialArgument)
    .action(
      async (
        tenant: string,
        idOrEmail: string,
        passkey: string,
        _options: object,
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const id = await guestId(ctx, tenant, idOrEmail);
        const { body } = await ctx.api.delete(
          `/tenants/${seg(tenant)}/guests/${seg(id)}/passkeys/${seg(passkey)}`,
        );
        ctx.show(body, () => `Removed passkey ${passkey} of guest ${idOrEmail}.`);
      },
    );
}
