import { describe, expect, it } from '@jest/globals';
import { Histogram as PromHistogram, Registry } from 'prom-client';
import { Histogram } from '../../../src/metrics/histogram.js';
import { parseExposition } from '../../support/prometheus-text.js';

const buckets = [0.001, 0.01, 0.1, 1];

/** the same observations through prom-client and through ours, both parsed */
async function both(observations: readonly [string, string, number][]) {
  const registry = new Registry();
  const theirs = new PromHistogram({
    name: 'x_seconds',
    help: 'What "x" took\\in seconds.',
    labelNames: ['family', 'method'] as const,
    buckets,
    registers: [registry],
  });
  const ours = new Histogram(
    'x_seconds',
    'What "x" took\\in seconds.',
    ['family', 'method'],
    buckets,
  );
  for (const [family, method, value] of observations) {
    theirs.observe({ family, method }, value);
    ours.observe([family, method], value);
  }
  // each sample keyed by its name and its labels in name order (the two write labels in other orders)
  const key = (sample: { name: string; labels: Readonly<Record<string, string>> }) =>
    JSON.stringify([sample.name, Object.entries(sample.labels).sort()]);
  const sorted = (text: string) =>
    parseExposition(text).sort((a, b) => key(a).localeCompare(key(b)));
  return { theirs: sorted(await registry.metrics()), ours: sorted(ours.text()) };
}

describe('the light histogram', () => {
  it.each([
    ['no observation', []],
    ['one, on a bound (counted in that bucket)', [['oidc_token', 'POST', 0.01]]],
    [
      'several series, above every bound too',
      [
        ['oidc_token', 'POST', 0.0004],
        ['oidc_token', 'POST', 0.05],
        ['journey', 'GET', 3],
        ['journey', 'GET', 0.2],
        ['oidc_token', 'POST', 0.05],
      ],
    ],
    ['label values that need escaping', [['a"b\\c', 'line\nbreak', 0.5]]],
  ] as [string, [string, string, number][]][])(
    'exposes what prom-client would: %s',
    async (_, observations) => {
      const { theirs, ours } = await both(observations);
      expect(ours).toEqual(theirs);
    },
  );

  it('writes HELP and TYPE lines', () => {
    const text = new Histogram('y_seconds', 'Line\nand back\\slash', [], [1]).text();
    expect(text.split('\n').slice(0, 2)).toEqual([
      '# HELP y_seconds Line\\nand back\\\\slash',
      '# TYPE y_seconds histogram',
    ]);
  });
});
