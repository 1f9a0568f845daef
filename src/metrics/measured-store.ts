import type { Script, Store } from '../store/store.js';
import { StoreUnavailableError } from '../store/store-unavailable-error.js';
import type { MetricsSink } from '../util/metrics-sink.js';

/** what is not an operation against Redis (`together` runs other work: its commands are measured) */
const unmeasured = new Set<PropertyKey>(['close', 'waitUntilReady', 'constructor', 'together']);

/** `get`, `set`, … or, for a script, `script:<name>` (a fixed set: src/store/scripts/) */
function operationOf(name: string, args: unknown[]): string {
  if (name !== 'run') return name;
  return `script:${(args[0] as Script | undefined)?.name ?? 'unknown'}`;
}

/**
 * The store as it was, each operation timed and its failures counted (redisOperation):
 * `unavailable` for a StoreUnavailableError (Redis down, a timeout, a cluster not ready),
 * `reply` for anything else Redis refused. Everything else of the store (its `kind`, a
 * RedisStore's `traffic`) reads through unchanged; methods run on the store itself, so its
 * private fields work. Only a Redis store is wrapped (src/plugin/core.ts).
 */
export function measuredStore<S extends Store>(store: S, metrics: MetricsSink): S {
  // one wrapper a method, made at its first use (not one a call)
  const wrapped = new Map<PropertyKey, unknown>();
  const measure =
    (property: string, method: (...args: unknown[]) => Promise<unknown>) =>
    async (...args: unknown[]) => {
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        const result = await method.apply(store, args);
        metrics.redisOperation(operationOf(property, args), seconds());
        return result;
      } catch (error) {
        const kind = error instanceof StoreUnavailableError ? 'unavailable' : 'reply';
        metrics.redisOperation(operationOf(property, args), seconds(), kind);
        throw error;
      }
    };
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      let wrapper = wrapped.get(property);
      if (wrapper === undefined) {
        const method = value as (...args: unknown[]) => Promise<unknown>;
        wrapper =
          typeof property !== 'string' || unmeasured.has(property)
            ? method.bind(target)
            : measure(property, method);
        wrapped.set(property, wrapper);
      }
      return wrapper;
    },
  });
}
