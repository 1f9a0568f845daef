/** A guest: an outsider a tenant invited by email address. */
export interface Guest {
  readonly id: string;
  /** as invited (for display and mail) */
  readonly email: string;
  readonly displayName: string | null;
  readonly state: 'pendingAcceptance' | 'accepted';
  /**
   * the id of the sign-in method the guest redeemed with (interactions/methods/registry.ts:
   * 'otp', 'federation', …), decided at redemption and kept (sticky) until the guest is deleted
   */
  readonly authMethod: string | null;
  readonly federation?: { readonly issuer: string; readonly subject: string };
  /** where the invitation sends the guest after redemption */
  readonly redirectUrl: string;
  readonly invitedAt: string;
  readonly redeemedAt: string | null;
}

/**
 * The form of an address used to compare: trimmed and lower-cased as a whole (providers
 * treat local parts case-insensitively in practice; Entra does the same).
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A pragmatic address check (what browsers' type=email accepts), at most 254 characters. */
export function isEmailAddress(value: string): boolean {
  return (
    value.length <= 254 &&
    /^[^\s@<>()[\]\\,;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i.test(
      value,
    )
  );
}

export function emailDomain(email: string): string {
  return normalizeEmail(email).split('@')[1] ?? '';
}

/** What the admin API shows of a guest. */
export function guestView(guest: Guest) {
  return {
    id: guest.id,
    email: guest.email,
    displayName: guest.displayName,
    state: guest.state,
    authMethod: guest.authMethod,
    ...(guest.federation ? { federation: guest.federation } : {}),
    redirectUrl: guest.redirectUrl,
    invitedAt: guest.invitedAt,
    redeemedAt: guest.redeemedAt,
  };
}
