import type { Courier } from '../../src/mail/courier/courier.js';

/** What a Guestpass process delivers mail with: its courier. */
export interface MailingCore {
  readonly courier: Courier;
}

const cores = new Set<MailingCore>();

/** Counts a core's queue in `mailSettled` until the returned function is called (its close). */
export function trackMail(core: MailingCore): () => void {
  cores.add(core);
  return () => cores.delete(core);
}

/**
 * Resolves once every tracked core's mail queue is empty and its courier holds nothing: each
 * mail queued so far was delivered or given up. Mail leaves the request (src/mail/courier/),
 * so a test reads what a transport received only after this. Polls (bounded) instead of
 * sleeping.
 */
export async function mailSettled(timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await Promise.all(
      // the shards that answer: a test with a node down waits for the mail it can reach
      [...cores].map(async (core) =>
        core.courier.inFlight > 0 ? 1 : core.courier.pending({ answering: true }),
      ),
    );
    if (pending.every((n) => n === 0)) return;
    if (Date.now() > deadline) throw new Error(`mail still queued after ${timeoutMs} ms`);
    for (const core of cores) core.courier.nudge();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Polls `check` (bounded) until it holds: for what a real process or the courier does in time. */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
