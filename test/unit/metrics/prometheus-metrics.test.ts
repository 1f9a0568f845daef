import { describe, expect, it } from '@jest/globals';
import { PrometheusMetrics } from '../../../src/metrics/prometheus-metrics.js';
import { parseExposition, valueOf } from '../../support/prometheus-text.js';

/** metrics whose courier queue is read by a counting reader */
function counted(options?: ConstructorParameters<typeof PrometheusMetrics>[0]) {
  const metrics = new PrometheusMetrics({ processMetrics: false, ...options });
  const reads = { count: 0 };
  metrics.observeQueue(async () => {
    reads.count += 1;
    return { depth: reads.count * 10, oldestAgeSeconds: reads.count };
  });
  return { metrics, reads };
}

describe('the Prometheus metrics', () => {
  it('read the courier queue once a scrape, both of its gauges from that one reading', async () => {
    const { metrics, reads } = counted();
    const first = parseExposition(await metrics.text());
    expect(reads.count).toBe(1);
    expect(valueOf(first, 'guestpass_courier_queue_depth')).toBe(10);
    expect(valueOf(first, 'guestpass_courier_oldest_message_age_seconds')).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    const second = parseExposition(await metrics.text());
    expect(reads.count).toBe(2);
    expect(valueOf(second, 'guestpass_courier_queue_depth')).toBe(20);
    expect(valueOf(second, 'guestpass_courier_oldest_message_age_seconds')).toBe(2);
  });

  it.each([
    ['the server', true, true],
    ['a plugin host (server: false)', false, false],
  ])('%s: HTTP requests and tenant providers exported %s', async (_case, server, exported) => {
    const { metrics } = counted({ server });
    metrics.httpRequest('journey', 'GET', 200, 0.01);
    const names = new Set(parseExposition(await metrics.text()).map((s) => s.name));
    expect(names.has('guestpass_tenant_providers_capacity')).toBe(exported);
    expect(names.has('guestpass_http_request_duration_seconds_count')).toBe(exported);
    // what both have
    expect(names.has('guestpass_courier_queue_depth')).toBe(true);
    expect(names.has('guestpass_passcodes_issued_total')).toBe(true);
  });
});
