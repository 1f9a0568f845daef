import { pageQuery } from '../http/page-query.js';
import type { Guest } from './guest.js';

/*
 * A tenant's guests in invitation order (Keys.guestOrder): a lexicographic index whose
 * members are `{invitedAt}/{id}`. ISO times sort as text, so the index reads newest first
 * (Store.lexRange) and a page ends at a member, which is the next page's cursor (`/` is in no
 * id and needs no quoting in a shell, where the CLI prints it).
 */

/** a guest's member of the invitation order */
export const orderMember = (guest: Pick<Guest, 'invitedAt' | 'id'>): string =>
  `${guest.invitedAt}/${guest.id}`;

/** the guest id a member names */
export const idOfMember = (member: string): string => member.slice(member.lastIndexOf('/') + 1);

/** a cursor as a page of guests ends with one: a member of the order */
export function isGuestCursor(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\/[\w-]{1,128}$/.test(value);
}

/** `limit` and `cursor` of a page of a tenant's guests (Guests.page) */
export const guestPageQuery = pageQuery(isGuestCursor);

/** oldest invitation first, in the order's own comparison (bytes: members are ASCII) */
export function byInvitation(a: Pick<Guest, 'invitedAt' | 'id'>, b: typeof a): number {
  const [x, y] = [orderMember(a), orderMember(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}
