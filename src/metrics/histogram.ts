/**
 * A histogram with labels, written in the Prometheus text format (version 0.0.4), for what is
 * observed on every request and every Redis command: an observation is a map lookup by the
 * label values and a walk of the buckets. (prom-client's, which the rarer metrics use, checks
 * and hashes the label object on each observation: a few microseconds, ~45 times a sign-in.)
 * Label values come from small fixed sets (src/util/metrics-sink.ts); they are escaped anyway.
 */
export class Histogram {
  readonly #series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    /** upper bounds, ascending; +Inf is added */
    readonly buckets: readonly number[],
  ) {}

  /** one observation; `values` in the order of labelNames */
  observe(values: readonly string[], value: number): void {
    const key = values.join('\u0000');
    let series = this.#series.get(key);
    if (!series) {
      series = {
        values: [...values],
        counts: new Array<number>(this.buckets.length).fill(0),
        sum: 0,
        count: 0,
      };
      this.#series.set(key, series);
    }
    // cumulative at exposition; here each observation counts in its own bucket only
    const at = this.buckets.findIndex((bound) => value <= bound);
    if (at >= 0) series.counts[at]! += 1;
    series.sum += value;
    series.count += 1;
  }

  /** the exposition: HELP, TYPE, then each series' buckets (cumulative), sum and count */
  text(): string {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} histogram`];
    for (const series of this.#series.values()) {
      const labels = this.labelNames.map(
        (name, i) => `${name}="${escapeValue(series.values[i] ?? '')}"`,
      );
      let cumulative = 0;
      this.buckets.forEach((bound, i) => {
        cumulative += series.counts[i] ?? 0;
        lines.push(`${this.name}_bucket{${[...labels, `le="${bound}"`].join(',')}} ${cumulative}`);
      });
      lines.push(`${this.name}_bucket{${[...labels, 'le="+Inf"'].join(',')}} ${series.count}`);
      const own = labels.length ? `{${labels.join(',')}}` : '';
      lines.push(
        `${this.name}_sum${own} ${series.sum}`,
        `${this.name}_count${own} ${series.count}`,
      );
    }
    return lines.join('\n');
  }
}

interface Series {
  readonly values: readonly string[];
  /** observations in each bucket (not cumulative) */
  readonly counts: number[];
  sum: number;
  count: number;
}

const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeValue = (text: string) => escapeHelp(text).replace(/"/g, '\\"');
