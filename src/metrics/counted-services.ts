import { SignInLog } from '../directory/sign-in-log.js';
import type { SignInAttempt } from '../directory/sign-in-log.js';
import { Passcodes } from '../otp/passcodes.js';
import type { IssueResult, VerifyResult } from '../otp/passcodes.js';
import type { MetricsSink } from '../util/metrics-sink.js';

/**
 * The sign-in log, counting each attempt where it is written (every report of the journey
 * and of the upstream callbacks goes through `record`): guestpass_sign_ins_total.
 */
export class CountedSignInLog extends SignInLog {
  readonly #metrics: MetricsSink;

  constructor(metrics: MetricsSink, ...args: ConstructorParameters<typeof SignInLog>) {
    super(...args);
    this.#metrics = metrics;
  }

  override async record(scope: string, attempt: SignInAttempt): Promise<void> {
    this.#metrics.signIn(attempt.method, attempt.result, attempt.reason);
    await super.record(scope, attempt);
  }
}

/**
 * Passcodes, counting each issue and check by its answer: issued (invited or a decoy),
 * refused (cooldown, capped, locked), accepted, rejected by reason.
 */
export class CountedPasscodes extends Passcodes {
  readonly #metrics: MetricsSink;

  constructor(metrics: MetricsSink, ...args: ConstructorParameters<typeof Passcodes>) {
    super(...args);
    this.#metrics = metrics;
  }

  override async issue(scope: string, email: string, deliverable: boolean): Promise<IssueResult> {
    const result = await super.issue(scope, email, deliverable);
    if (result.status === 'issued') this.#metrics.passcodeIssued(deliverable);
    else this.#metrics.passcodeRefused(result.status);
    return result;
  }

  override async verify(scope: string, email: string, code: string): Promise<VerifyResult> {
    const result = await super.verify(scope, email, code);
    this.#metrics.passcodeChecked(result.status);
    return result;
  }
}
