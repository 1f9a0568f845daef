import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import type { Keys } from '../store/keys.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../util/clock.js';
import { randomId } from '../util/random-id.js';
import type { SecretBox } from '../util/secret-box.js';

/** a session ends after this long without a request (Keycloak's SSO Session Idle is 30 min) */
export const idleSeconds = 30 * 60;
/** and after this long in any case (Keycloak's SSO Session Max is 10 h) */
export const maxSeconds = 12 * 60 * 60;

export const sessionCookie = 'gp_console';
/** the cookie is sent to the console only */
export const cookiePath = '/admin';

/** Who a console session acts as: the operator, or one tenant's administrator. */
export type ConsolePrincipal = { kind: 'operator' } | { kind: 'tenant'; tenantId: string };

interface StoredSession {
  /** the operator token or tenant admin key, sealed (src/util/secret-box.ts) */
  readonly credential: string;
  readonly principal: ConsolePrincipal;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  /** what the next page shows once (after a redirect); a secret in it is sealed */
  readonly flash?: Flash;
}

/**
 * What the page after a change shows once: a notice, and a secret made by the change (a
 * client secret, an admin key, an initial access token, an invitation link). The change
 * answers with a redirect, so reloading the page repeats nothing and shows the secret no more.
 */
export interface Flash {
  readonly notice?: string;
  readonly secret?: { readonly label: string; readonly value: string };
}

export interface ConsoleSession {
  readonly id: string;
  readonly credential: string;
  readonly principal: ConsolePrincipal;
  readonly flash: Flash | undefined;
}

const hashOf = (id: string) => createHash('sha256').update(id).digest('base64url');

/**
 * Server-side console sessions in the store: a random id in an HttpOnly, SameSite=Strict
 * cookie (Secure with an https PUBLIC_URL), the record under the id's SHA-256 (a copy of the
 * store holds no usable id), the credential sealed. Time is judged by the injected clock;
 * the store's TTL only deletes what is over.
 */
export class ConsoleSessions {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly box: SecretBox,
    private readonly clock: Clock,
  ) {}

  async create(ctx: Context, credential: string, principal: ConsolePrincipal): Promise<string> {
    const id = randomId(32);
    const now = this.clock.now();
    await this.#save(id, {
      credential: this.box.seal(credential),
      principal,
      createdAt: now,
      lastSeenAt: now,
    });
    ctx.cookies.set(sessionCookie, id, {
      path: cookiePath,
      httpOnly: true,
      sameSite: 'strict',
      signed: true,
      overwrite: true,
    });
    return id;
  }

  /**
   * The browser's session, its idle time restarted; `expired` when it had one that timed
   * out (the sign-in page says so), undefined when it has none.
   */
  async load(ctx: Context): Promise<ConsoleSession | 'expired' | undefined> {
    const id = ctx.cookies.get(sessionCookie, { signed: true });
    if (!id) return undefined;
    const raw = await this.store.get(this.keys.consoleSession(hashOf(id)));
    const stored = raw ? (JSON.parse(raw) as StoredSession) : undefined;
    const now = this.clock.now();
    const credential = stored && this.box.open(stored.credential);
    if (
      !stored ||
      !credential ||
      now - stored.lastSeenAt > idleSeconds * 1000 ||
      now - stored.createdAt > maxSeconds * 1000
    ) {
      await this.end(ctx);
      return 'expired';
    }
    const { flash, ...kept } = stored;
    await this.#save(id, { ...kept, lastSeenAt: now });
    const secret = flash?.secret && this.box.open(flash.secret.value);
    return {
      id,
      credential,
      principal: stored.principal,
      flash: flash && {
        ...(flash.notice ? { notice: flash.notice } : {}),
        ...(flash.secret && secret ? { secret: { label: flash.secret.label, value: secret } } : {}),
      },
    };
  }

  /** what the next page shows once */
  async flash(session: ConsoleSession, flash: Flash): Promise<void> {
    const raw = await this.store.get(this.keys.consoleSession(hashOf(session.id)));
    if (!raw) return;
    const sealed: Flash = {
      ...(flash.notice ? { notice: flash.notice } : {}),
      ...(flash.secret
        ? { secret: { label: flash.secret.label, value: this.box.seal(flash.secret.value) } }
        : {}),
    };
    await this.#save(session.id, { ...(JSON.parse(raw) as StoredSession), flash: sealed });
  }

  async end(ctx: Context): Promise<void> {
    const id = ctx.cookies.get(sessionCookie, { signed: true });
    if (id) await this.store.del(this.keys.consoleSession(hashOf(id)));
    ctx.cookies.set(sessionCookie, null, { path: cookiePath, httpOnly: true, sameSite: 'strict' });
  }

  async #save(id: string, session: StoredSession): Promise<void> {
    await this.store.set(this.keys.consoleSession(hashOf(id)), JSON.stringify(session), {
      ttlSeconds: idleSeconds,
    });
  }
}
