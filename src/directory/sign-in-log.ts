import type { Keys } from '../store/keys.js';
import type { Store } from '../store/store.js';
import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';
import { streamPage } from '../store/stream-page.js';

/** Why an attempt ended where it did (stable codes admins can filter on). */
export type SignInReason =
  | 'resolved'
  | 'code_sent'
  | 'wrong_code'
  | 'expired'
  | 'code_used'
  | 'too_many_tries'
  | 'locked'
  | 'rate_limited'
  | 'not_sent'
  | 'no_method'
  | 'method_disabled'
  | 'declined'
  | 'federation_started'
  | 'federation_error'
  | 'success';

export interface SignInAttempt {
  readonly email: string;
  readonly client: string;
  /** the sign-in method's id (interactions/methods/registry.ts), null before one was chosen */
  readonly method: string | null;
  readonly result: 'success' | 'failure' | 'progress';
  readonly reason: SignInReason;
  /** how resolution decided ("rule google: domain gmail.com"), or what failed upstream */
  readonly detail?: string;
}

export interface SignInRecord extends SignInAttempt {
  readonly id: string;
  readonly time: string;
}

/** how many attempts a tenant's log keeps (oldest dropped first) */
export const signInLogCapacity = 10_000;

/** The recent sign-in attempts of a tenant: never a code or a token. */
export class SignInLog {
  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly clock: Clock = systemClock,
  ) {}

  /** `at`: when it happened (clock milliseconds; default now) */
  async record(scope: string, attempt: SignInAttempt, at = this.clock.now()): Promise<void> {
    await this.store.streamAdd(
      this.keys.signIns(scope),
      {
        time: new Date(at).toISOString(),
        email: attempt.email,
        client: attempt.client,
        method: attempt.method ?? '',
        result: attempt.result,
        reason: attempt.reason,
        ...(attempt.detail ? { detail: attempt.detail } : {}),
      },
      signInLogCapacity,
    );
  }

  /** newest first; `next` is the cursor of the following page, null at the end */
  async page(
    scope: string,
    limit: number,
    cursor?: string,
  ): Promise<{ items: SignInRecord[]; next: string | null }> {
    return streamPage(this.store, this.keys.signIns(scope), limit, cursor, ({ id, fields }) => ({
      id,
      time: fields.time ?? '',
      email: fields.email ?? '',
      client: fields.client ?? '',
      method: (fields.method || null) as SignInRecord['method'],
      result: (fields.result ?? 'failure') as SignInRecord['result'],
      reason: (fields.reason ?? 'success') as SignInReason,
      ...(fields.detail ? { detail: fields.detail } : {}),
    }));
  }
}
