import { domainToASCII } from 'node:url';
import { Lru } from '../util/lru.js';

/** A guest: an outsider a tenant invited by email address. */
export interface Guest {
  readonly id: string;
  /** the canonical form (checkEmail) of the invited address: shown, mailed, in claims */
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
 * The canonical form of an email address, the one form Guestpass stores, looks up, mails and
 * puts in ID tokens (so the address a code was mailed to is exactly the one `email_verified`
 * speaks for):
 *
 * - surrounding spaces, tabs and line breaks are dropped; anything else that is invisible or
 *   steers text — control characters (NUL, ESC, CR, LF), format characters (zero-width
 *   spaces and joiners, bidi overrides and isolates, the soft hyphen, BOM), other spaces,
 *   private-use, unpaired surrogates and unassigned code points — is refused, anywhere;
 * - the local part (before the one `@`) is an RFC 5322 dot-atom of ASCII letters, digits and
 *   `! # $ % & ' * + / = ? ^ _ \` { | } ~ -`, at most 64 characters: no quoted strings, and no
 *   non-ASCII local parts (RFC 6531), which the mail transports cannot be trusted to deliver
 *   and which hide look-alikes (a Kelvin sign U+212A is not a K);
 * - the domain is IDNA-encoded (UTS #46, as browsers do: `bücher.example` becomes
 *   `xn--bcher-kva.example`), then must be letters, digits and hyphens in at least two labels
 *   of at most 63 characters, not an IP address;
 * - case: the whole address is lower-cased (providers treat local parts case-insensitively
 *   in practice; Entra does the same);
 * - at most 254 characters.
 */
export type EmailCheck =
  | { readonly email: string; readonly problem?: undefined }
  | { readonly email?: undefined; readonly problem: string };

const invisible = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
const dotAtom = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i;
const label = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const codePoint = (c: string) =>
  `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The canonical form of an address, or what is wrong with it (a phrase for "email: …"). */
export function checkEmail(input: string): EmailCheck {
  const value = input.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  const hidden = invisible.exec(value);
  if (hidden)
    return {
      problem: `must not contain control, format, bidirectional or invisible characters (found ${codePoint(hidden[0])})`,
    };
  const at = value.indexOf('@');
  if (at < 0 || value.indexOf('@', at + 1) >= 0)
    return { problem: 'must be an email address with one @, like name@example.com' };
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length === 0 || local.length > 64 || !dotAtom.test(local)) {
    const foreign = [...local].find((c) => c > '\u007f');
    return {
      problem: foreign
        ? `the part before @ must be ASCII (found ${codePoint(foreign)})`
        : "the part before @ must be 1 to 64 ASCII letters, digits or . ! # $ % & ' * + / = ? ^ _ ` { | } ~ - (no leading, trailing or double dot)",
    };
  }
  const ascii = domain ? domainToASCII(domain.normalize('NFC')) : '';
  const labels = ascii.split('.');
  if (
    !ascii ||
    ascii.length > 253 ||
    labels.length < 2 ||
    !labels.every((l) => label.test(l)) ||
    /^\d+$/.test(labels.at(-1) ?? '')
  )
    return { problem: 'the part after @ must be a domain name, like example.com' };
  const email = `${local}@${ascii}`.toLowerCase();
  if (email.length > 254) return { problem: 'must be at most 254 characters' };
  return { email };
}

/**
 * canonical forms already found: an address is canonicalized on every step of its sign-in
 * (lookups, passcode keys), and the check (Unicode classes, IDNA) costs more than the lookup.
 * Only inputs that may be addresses are kept (at most 254 characters), so it stays small.
 */
const canonicalForms = new Lru<string, string | null>(4096);

/** The canonical form of a valid address; undefined otherwise. */
export function canonicalEmail(input: string): string | undefined {
  const known = canonicalForms.get(input);
  if (known !== undefined) return known ?? undefined;
  const email = checkEmail(input).email;
  if (input.length <= 254) canonicalForms.set(input, email ?? null);
  return email;
}

/** Whether an address has a canonical form (see checkEmail). */
export function isEmailAddress(value: string): boolean {
  return canonicalEmail(value) !== undefined;
}

/**
 * The form of an address used to compare and to key lookups: its canonical form; an address
 * without one is returned unchanged, so it never equals any canonical address.
 */
export function normalizeEmail(email: string): string {
  return canonicalEmail(email) ?? email;
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
