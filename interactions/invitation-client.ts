import type { ClientMetadata } from 'oidc-provider';
import type { Mount } from './step.js';

export const invitationClientId = 'guestpass-invitations';

export const invitationCallbackPath = '/invite/callback';

/**
 * Guestpass's own client in every organization: a redemption link signs the guest in through
 * the same journey and token exchange as any relying party (so the guest also gets a
 * session), then sends them on to the invitation's redirect URL.
 */
export function invitationClient(mount: Mount, organization: string): ClientMetadata {
  return {
    client_id: invitationClientId,
    client_name: `${organization} invitations`,
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: [`${mount.base}${invitationCallbackPath}`],
    skip_consent: true,
  };
}
