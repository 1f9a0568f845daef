import { randomId } from '../util/random-id.js';
import { notFound } from '../http/errors.js';
import { heldWrites } from '../store/held-writes.js';
import type { Keys } from '../store/keys.js';
import { guestDelete } from '../store/scripts/guest-delete.js';
import { guestInvite } from '../store/scripts/guest-invite.js';
import { guestOrderCounts, guestOrderMend } from '../store/scripts/guest-order.js';
import { guestRedeem } from '../store/scripts/guest-redeem.js';
import { guestSave } from '../store/scripts/guest-save.js';
import type { Store } from '../store/store.js';
import { normalizeEmail } from './guest.js';
import type { Guest } from './guest.js';
import { byInvitation, idOfMember, orderMember } from './guest-order.js';
import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';

/** a sign-in method a guest redeems with */
export type RedeemMethod = NonNullable<Guest['authMethod']>;

/** how often an invitation runs again when concurrent invitations or deletions of the same address interleave */
const inviteAttempts = 10;

/**
 * The guests of one tenant scope, found by id or by (normalized) email. Every write that
 * must not race is one script: inviting (record, email index and guest set together),
 * redeeming (only a pending guest), saving (only an existing guest) and deleting.
 */
export class Guests {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly clock: Clock = systemClock,
  ) {}

  /** the record of a guest invited now: pending acceptance, no method yet */
  #pending(input: { email: string; displayName: string | null; redirectUrl: string }): Guest {
    return {
      id: randomId(12),
      email: input.email.trim(),
      displayName: input.displayName,
      state: 'pendingAcceptance',
      authMethod: null,
      redirectUrl: input.redirectUrl,
      invitedAt: new Date(this.clock.now()).toISOString(),
      redeemedAt: null,
    };
  }

  /** a guest's key, once this request's early read of it (if any) is dropped: it is written */
  #written(scope: string, id: string): string {
    const key = this.keys.guest(scope, id);
    heldWrites()?.forgetEarly(key);
    return key;
  }

  /**
   * Starts reading a guest the request is about to look up (src/store/held-writes.ts
   * `readEarly`), so it shares a round trip with what is sent alongside; `find` takes it.
   */
  readEarly(scope: string, id: string): void {
    const key = this.keys.guest(scope, id);
    heldWrites()?.readEarly(key, () => this.store.get(key));
  }

  /** a guest; the request's early read of it when there is one (`readEarly`, src/store/oidc-adapter.ts) */
  async find(scope: string, id: string): Promise<Guest | undefined> {
    const key = this.keys.guest(scope, id);
    const raw = await (heldWrites()?.takeEarly<string | null>(key) ?? this.store.get(key));
    return raw ? (JSON.parse(raw) as Guest) : undefined;
  }

  async findByEmail(scope: string, email: string): Promise<Guest | undefined> {
    const id = await this.store.get(this.keys.guestByEmail(scope, normalizeEmail(email)));
    return id ? this.find(scope, id) : undefined;
  }

  /**
   * A page of the tenant's guests, newest invitation first: up to `limit` after `cursor` (the
   * `next` of the page before), with `next` when more follow and `total`, how many guests the
   * tenant has. Reads only the page's guests, whatever the tenant's size — once the order is
   * whole: when its count and the guest set's differ, or the page finds a member whose guest is
   * gone (guests stored before the order existed, or changed by a process of an earlier
   * version), the page mends it from every guest.
   */
  async page(
    scope: string,
    limit: number,
    cursor?: string,
  ): Promise<{ items: Guest[]; next: string | null; total: number }> {
    let at = await this.#pageAt(scope, cursor, limit);
    // the order misses guests or holds gone ones (stored before it existed, or by a process
    // that does not keep it — which may leave the counts equal): mend it, read again
    if (at.ordered !== at.total || at.raws.includes(null)) {
      await this.#mendOrder(scope);
      at = await this.#pageAt(scope, cursor, limit);
    }
    const { read, members, raws, total } = at;
    return {
      items: raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Guest),
      next: read.length > limit ? members[members.length - 1]! : null,
      total,
    };
  }

  /**
   * The counts of the order and the set, and up to `limit` members after `cursor` (one more
   * read, to say whether another page follows), in one round trip; then the page's records.
   */
  async #pageAt(scope: string, cursor: string | undefined, limit: number) {
    const [[ordered, total], read] = await this.store.together(() =>
      Promise.all([
        this.#counts(scope),
        this.store.lexRange(this.keys.guestOrder(scope), cursor, limit + 1),
      ]),
    );
    const members = read.slice(0, limit);
    const raws = await this.store.mget(members.map((m) => this.keys.guest(scope, idOfMember(m))));
    return { ordered, total, read, members, raws };
  }

  /** how many members the invitation order and the guest set have, at one instant */
  async #counts(scope: string): Promise<[number, number]> {
    const counts = await this.store.run(
      guestOrderCounts,
      [this.keys.guestOrder(scope), this.keys.guestIndex(scope)],
      [],
    );
    return counts as [number, number];
  }

  /**
   * Makes the order match the guests: a member for each guest of the set, none for a guest
   * that is gone, and no set entry without its record (left before invitations were atomic).
   * Each guest is mended by one script, atomic with its record (src/store/scripts/
   * guest-order.ts), so a guest deleted meanwhile is not put back; 1,000 a round trip.
   */
  async #mendOrder(scope: string): Promise<void> {
    const index = this.keys.guestIndex(scope);
    const order = this.keys.guestOrder(scope);
    const [ids, members] = await Promise.all([
      this.store.smembers(index),
      this.store.lexRange(order, undefined, Number.MAX_SAFE_INTEGER),
    ]);
    const inSet = new Set(ids);
    const inOrder = new Set(members.map(idOfMember));
    // a member whose guest left the set
    const calls = members
      .filter((member) => !inSet.has(idOfMember(member)))
      .map((member) => ({ id: idOfMember(member), member }));
    // a guest of the set without its member: its record says when it was invited
    const missing = ids.filter((id) => !inOrder.has(id));
    for (let at = 0; at < missing.length; at += 1000) {
      const chunk = missing.slice(at, at + 1000);
      const raws = await this.store.mget(chunk.map((id) => this.keys.guest(scope, id)));
      chunk.forEach((id, i) => {
        const raw = raws[i];
        calls.push({ id, member: raw ? orderMember(JSON.parse(raw) as Guest) : '' });
      });
    }
    for (let at = 0; at < calls.length; at += 1000) {
      await this.store.runMany(
        guestOrderMend,
        calls.slice(at, at + 1000).map(({ id, member }) => ({
          keys: [this.keys.guest(scope, id), order, index],
          args: [member, id],
        })),
      );
    }
  }

  async list(scope: string): Promise<Guest[]> {
    const ids = await this.store.smembers(this.keys.guestIndex(scope));
    const raws = await this.store.mget(ids.map((id) => this.keys.guest(scope, id)));
    return raws
      .filter((r): r is string => r !== null)
      .map((r) => JSON.parse(r) as Guest)
      .sort(byInvitation);
  }

  /**
   * A new guest, or the existing one of that email (`created` says which), atomically: of
   * any number of concurrent invitations of one address exactly one creates the guest.
   */
  async invite(
    scope: string,
    input: { email: string; displayName: string | null; redirectUrl: string },
  ): Promise<{ guest: Guest; created: boolean }> {
    const emailKey = this.keys.guestByEmail(scope, normalizeEmail(input.email));
    const index = this.keys.guestIndex(scope);
    // optimistic: a new address is the common case; the script says when it is not
    let expected = '';
    for (let attempt = 0; attempt < inviteAttempts; attempt += 1) {
      const guest = this.#pending(input);
      const record = this.keys.guest(scope, guest.id);
      const [status, value] = (await this.store.run(
        guestInvite,
        [
          emailKey,
          index,
          expected ? this.keys.guest(scope, expected) : record,
          record,
          this.keys.guestOrder(scope),
        ],
        [expected, guest.id, JSON.stringify(guest), orderMember(guest)],
      )) as [string, string];
      if (status === 'created') return { guest, created: true };
      if (status === 'existing') return { guest: JSON.parse(value) as Guest, created: false };
      expected = value;
    }
    throw new Error('guest-invite: the address kept changing under concurrent invitations');
  }

  /**
   * The guests of many addresses at once (undefined where none), in two reads however many
   * addresses: the email index entries, then the records.
   */
  async findManyByEmail(scope: string, emails: readonly string[]): Promise<(Guest | undefined)[]> {
    const ids = await this.store.mget(
      emails.map((email) => this.keys.guestByEmail(scope, normalizeEmail(email))),
    );
    const found = ids.filter((id): id is string => id !== null);
    const raws = await this.store.mget(found.map((id) => this.keys.guest(scope, id)));
    const byId = new Map<string, Guest>();
    raws.forEach((raw, i) => {
      if (raw !== null) byId.set(found[i]!, JSON.parse(raw) as Guest);
    });
    return ids.map((id) => (id === null ? undefined : byId.get(id)));
  }

  /**
   * `invite` for many addresses (all different) in a bounded number of round trips: every
   * address's guest-invite script in one pipeline, then again, expecting the id found, for
   * the addresses that have a guest already (the script's `stale` answer), as `invite` does
   * for one. Each address is as atomic as with `invite`; answers in the order of `inputs`.
   */
  async inviteMany(
    scope: string,
    inputs: readonly { email: string; displayName: string | null; redirectUrl: string }[],
  ): Promise<{ guest: Guest; created: boolean }[]> {
    const index = this.keys.guestIndex(scope);
    const answers = new Array<{ guest: Guest; created: boolean } | undefined>(inputs.length);
    const expected = inputs.map(() => '');
    let pending = inputs.map((_, i) => i);
    for (let attempt = 0; attempt < inviteAttempts && pending.length > 0; attempt += 1) {
      const runs = pending.map((i) => {
        const input = inputs[i]!;
        const guest = this.#pending(input);
        const record = this.keys.guest(scope, guest.id);
        const was = expected[i]!;
        return {
          i,
          guest,
          call: {
            keys: [
              this.keys.guestByEmail(scope, normalizeEmail(input.email)),
              index,
              was ? this.keys.guest(scope, was) : record,
              record,
              this.keys.guestOrder(scope),
            ],
            args: [was, guest.id, JSON.stringify(guest), orderMember(guest)],
          },
        };
      });
      const replies = await this.store.runMany(
        guestInvite,
        runs.map((run) => run.call),
      );
      const again: number[] = [];
      runs.forEach(({ i, guest }, j) => {
        const [status, value] = replies[j] as [string, string];
        if (status === 'created') answers[i] = { guest, created: true };
        else if (status === 'existing')
          answers[i] = { guest: JSON.parse(value) as Guest, created: false };
        else {
          expected[i] = value;
          again.push(i);
        }
      });
      pending = again;
    }
    if (pending.length > 0)
      throw new Error('guest-invite: an address kept changing under concurrent invitations');
    return answers as { guest: Guest; created: boolean }[];
  }

  /**
   * Redemption, atomically: a guest pending acceptance becomes accepted with `method` (and
   * its upstream identity); a guest redeemed already is answered as it is (the method is
   * sticky). undefined when the guest no longer exists (deleted during the sign-in).
   */
  async redeemIfPending(
    scope: string,
    guestId: string,
    method: RedeemMethod,
    federation?: Guest['federation'],
  ): Promise<Guest | undefined> {
    const reply = (await this.store.run(
      guestRedeem,
      [this.#written(scope, guestId)],
      [
        method,
        new Date(this.clock.now()).toISOString(),
        federation ? JSON.stringify(federation) : '',
      ],
    )) as [string, string] | null;
    return reply ? (JSON.parse(reply[1]) as Guest) : undefined;
  }

  /**
   * Redemption of a guest read earlier (see redeemIfPending, which this calls). Throws a
   * 404 GuestpassError when the guest was deleted in the meantime.
   */
  async redeem(
    scope: string,
    guest: Guest,
    method: RedeemMethod,
    federation?: Guest['federation'],
  ): Promise<Guest> {
    const redeemed = await this.redeemIfPending(scope, guest.id, method, federation);
    if (!redeemed) throw notFound('the guest no longer exists');
    return redeemed;
  }

  /** Writes a changed guest only while it exists: a guest deleted meanwhile stays deleted. */
  async saveIfExists(scope: string, guest: Guest): Promise<boolean> {
    const saved = await this.store.run(
      guestSave,
      [this.#written(scope, guest.id)],
      [JSON.stringify(guest)],
    );
    return saved === 1;
  }

  /**
   * Reset redemption (Entra's "reset redemption status"): the guest keeps their id (the ID
   * token's `sub`) and address, and is pending acceptance again with no method, no upstream
   * binding and no redemption, so their next sign-in resolves the method anew; `redirectUrl`
   * replaces where the invitation leads when given. undefined when the guest no longer
   * exists. Their passkeys, consents, sessions and tokens are ended by endGuestAccess
   * (src/directory/guest-access.ts).
   */
  async resetRedemption(
    scope: string,
    guest: Guest,
    redirectUrl?: string,
  ): Promise<Guest | undefined> {
    const { federation, ...kept } = guest;
    void federation; // the upstream binding goes with the redemption
    const reset: Guest = {
      ...kept,
      state: 'pendingAcceptance',
      authMethod: null,
      redeemedAt: null,
      redirectUrl: redirectUrl ?? guest.redirectUrl,
    };
    return (await this.saveIfExists(scope, reset)) ? reset : undefined;
  }

  /** Deletes the guest, its email index entry and its place in the guest set, atomically. */
  async delete(scope: string, guest: Guest): Promise<boolean> {
    const removed = await this.store.run(
      guestDelete,
      [
        this.#written(scope, guest.id),
        this.keys.guestByEmail(scope, normalizeEmail(guest.email)),
        this.keys.guestIndex(scope),
        this.keys.guestOrder(scope),
      ],
      [guest.id, orderMember(guest)],
    );
    return removed === 1;
  }
}
