/**
 * What Guestpass counts and times, as an interface the layers report into. Only
 * src/metrics/prometheus-metrics.ts knows prom-client; everything else gets a MetricsSink
 * (noMetrics when nobody scrapes: the plugin, tools). Every label value passed here comes
 * from a small fixed set (a method id, a reason code, a route family) — never an address,
 * an id or a raw path.
 */
export interface MetricsSink extends CourierMetrics {
  /** one entry of a sign-in log (src/directory/sign-in-log.ts): `method` null before one was chosen */
  signIn(method: string | null, result: string, reason: string): void;
  /** a passcode stored: for an invited address, or a decoy for one that is not */
  passcodeIssued(invited: boolean): void;
  /** no passcode stored: `cooldown`, `capped` or `locked` */
  passcodeRefused(reason: string): void;
  /** a passcode checked: `accepted`, or the rejection's status (`wrong`, `expired`, …) */
  passcodeChecked(status: string): void;
  /** one mail handed to the transport (retries included), how it ended and how long it took */
  mailSent(kind: string, outcome: 'sent' | 'failed', seconds: number): void;
  /** one store operation against Redis: a command name or `script:<name>` */
  redisOperation(operation: string, seconds: number, error?: 'unavailable' | 'reply'): void;
  /** one HTTP request, by route family (src/server/route-family.ts) */
  httpRequest(family: string, method: string, status: number, seconds: number): void;
  /** `read` is asked at every scrape how many providers are built (src/server/tenant-providers.ts) */
  observeBuiltProviders(read: () => number, capacity: number): void;
  /** `read` is asked at every scrape how many Redis connection errors happened since start */
  observeRedisConnectionErrors(read: () => number): void;
}

/**
 * What a mail courier (a durable queue of outgoing mail) reports: each delivery attempt's
 * outcome as it happens, and its queue's depth and oldest message's age, read at each scrape.
 */
export interface CourierMetrics {
  /**
   * `delivered`: the transport accepted it; `retry`: a transient failure, tried again later;
   * `failed`: given up (a permanent failure, or out of attempts)
   */
  recordDelivery(outcome: CourierOutcome): void;
  /** registers how to read the queue; called once, read at every scrape (errors are skipped) */
  observeQueue(read: () => Promise<CourierQueueState> | CourierQueueState): void;
}

export type CourierOutcome = 'delivered' | 'retry' | 'failed';

export interface CourierQueueState {
  /** messages waiting or in flight */
  readonly depth: number;
  /** age of the oldest of them in seconds; 0 when the queue is empty */
  readonly oldestAgeSeconds: number;
}

const nothing = () => {};

/** A sink that drops everything (no /metrics). */
export const noMetrics: MetricsSink = {
  signIn: nothing,
  passcodeIssued: nothing,
  passcodeRefused: nothing,
  passcodeChecked: nothing,
  mailSent: nothing,
  redisOperation: nothing,
  httpRequest: nothing,
  observeBuiltProviders: nothing,
  observeRedisConnectionErrors: nothing,
  recordDelivery: nothing,
  observeQueue: nothing,
};
