import { createHmac, randomBytes, randomInt } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { OtpConfig } from './otp-config.js';
import { normalizeEmail } from '../directory/guest.js';
import type { Keys } from '../store/keys.js';
import { otpIssue } from '../store/scripts/otp-issue.js';
import { otpVerify } from '../store/scripts/otp-verify.js';
import type { Store } from '../store/store.js';
import { systemClock } from '../util/clock.js';
import { derivedKey } from '../util/derived-key.js';
import type { Clock } from '../util/clock.js';

export type IssueResult =
  | { status: 'issued'; code: string }
  | { status: 'cooldown' | 'capped' | 'locked'; retryAfterSeconds: number };

export type VerifyResult =
  | { status: 'accepted' }
  | { status: 'wrong'; triesLeft: number }
  | { status: 'expired' | 'exhausted' | 'used' }
  | { status: 'locked'; retryAfterSeconds: number };

/** consecutive failures are forgotten after a day without any */
const failuresWindowSeconds = 86400;

/**
 * Email one-time passcodes: digits from the CSPRNG, stored only as an HMAC (keyed by a server
 * secret, bound to the tenant and the address), with exactly OTP_TTL_SECONDS to live in the
 * store, single use, checked and consumed in one atomic script. Expiry, the resend
 * cool-down, the cap of sends per window and the lockout are judged by the injected clock
 * (passed to the scripts as `now`); Redis TTLs only delete what is over.
 */
export class Passcodes {
  readonly #key: KeyObject;

  constructor(
    private readonly store: Store,
    private readonly keys: Keys,
    private readonly config: OtpConfig,
    serverSecret: string,
    protected readonly clock: Clock = systemClock,
  ) {
    this.#key = derivedKey(serverSecret, 'otp-mac');
  }

  #mac(...parts: string[]): string {
    return createHmac('sha256', this.#key).update(parts.join('\u0000')).digest('base64url');
  }

  /** the address as it appears in key names: an HMAC, so the store holds no plain addresses */
  #who(scope: string, email: string): string {
    return this.#mac('who', scope, normalizeEmail(email)).slice(0, 22);
  }

  generate(): string {
    return String(randomInt(0, 10 ** this.config.length)).padStart(this.config.length, '0');
  }

  /**
   * Issues a code. `deliverable: false` (an address that is not invited) stores a code that
   * no input can match, so every later step behaves exactly as for an invited address.
   */
  async issue(scope: string, email: string, deliverable: boolean): Promise<IssueResult> {
    const who = this.#who(scope, email);
    const code = this.generate();
    const mac = deliverable
      ? this.#mac('code', scope, normalizeEmail(email), code)
      : this.#mac('decoy', randomBytes(16).toString('hex'));
    const c = this.config;
    const [status, seconds] = (await this.store.run(
      otpIssue,
      [
        this.keys.otpLock(scope, who),
        this.keys.otpCooldown(scope, who),
        this.keys.otpSends(scope, who),
        this.keys.otpCodes(scope, who),
        this.keys.otpVoided(scope, who),
      ],
      [this.#now(), mac, c.ttlSeconds, c.resendCooldownSeconds, c.resendMax, c.resendWindowSeconds],
    )) as [string, number];
    if (status === 'issued') return { status, code };
    return {
      status: status as 'cooldown' | 'capped' | 'locked',
      retryAfterSeconds: Math.max(1, seconds),
    };
  }

  async verify(scope: string, email: string, code: string): Promise<VerifyResult> {
    const who = this.#who(scope, email);
    const c = this.config;
    const [status, n] = (await this.store.run(
      otpVerify,
      [
        this.keys.otpLock(scope, who),
        this.keys.otpFailures(scope, who),
        this.keys.otpCodes(scope, who),
        this.keys.otpVoided(scope, who),
      ],
      [
        this.#now(),
        this.#mac('code', scope, normalizeEmail(email), code),
        c.maxAttempts,
        c.failureBudget,
        c.lockoutSeconds,
        failuresWindowSeconds,
        c.ttlSeconds,
      ],
    )) as [string, number];
    switch (status) {
      case 'accepted':
        return { status };
      case 'wrong':
        return { status, triesLeft: n };
      case 'locked':
        return { status, retryAfterSeconds: Math.max(1, n) };
      case 'exhausted':
      case 'expired':
      case 'used':
        return { status };
      default:
        throw new Error(`otp-verify answered ${status}`);
    }
  }

  /**
   * The key that holds the address's codes (this one among them), for tests and diagnostics:
   * its TTL is exactly OTP_TTL_SECONDS from the newest code.
   */
  codeKey(scope: string, email: string, _code?: string): string {
    return this.keys.otpCodes(scope, this.#who(scope, email));
  }

  /** the clock's now in whole milliseconds: the scripts judge every instant against it */
  #now(): number {
    return Math.floor(this.clock.now());
  }
}
