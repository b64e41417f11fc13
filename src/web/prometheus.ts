/**
 * A minimal Prometheus text-format registry (exposition format 0.0.4): counters, gauges read at
 * scrape time, and histograms, each with labels. Small enough to not need a dependency; the service
 * exposes a few dozen series at most.
 */
type Labels = Record<string, string>;

interface Metric {
  render(): string;
}

/** Renders `{a="1",b="2"}` for label sets, memoised per metric (a metric sees a few dozen sets). */
class LabelKeys {
  private readonly cache = new Map<string, string>();

  key(labels: Labels): string {
    const names = Object.keys(labels);
    if (names.length === 0) return '';
    const raw = names.map((k) => `${k}\u0000${labels[k]}`).join('\u0001');
    let key = this.cache.get(raw);
    if (key === undefined) {
      key = labelKey(labels);
      if (this.cache.size < 10_000) this.cache.set(raw, key);
    }
    return key;
  }
}

function labelKey(labels: Labels): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escapeLabel(labels[k] ?? '')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatNumber(n: number): string {
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return Number.isNaN(n) ? 'NaN' : String(n);
}

/** A monotonically increasing count per label set. */
export class Counter implements Metric {
  private readonly values = new Map<string, number>();
  private readonly keys = new LabelKeys();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = this.keys.key(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  get(labels: Labels = {}): number {
    return this.values.get(this.keys.key(labels)) ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, v] of this.values) lines.push(`${this.name}${key} ${formatNumber(v)}`);
    return lines.join('\n');
  }
}

/** A value read when scraped (pending rows, memory, or a total counted elsewhere). */
export class Gauge implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => number | Array<[Labels, number]>,
    /** `counter` for a total kept elsewhere and read when scraped. */
    private readonly type: 'gauge' | 'counter' = 'gauge',
  ) {}

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    const v = this.read();
    const series: Array<[Labels, number]> = typeof v === 'number' ? [[{}, v]] : v;
    for (const [labels, n] of series) lines.push(`${this.name}${labelKey(labels)} ${formatNumber(n)}`);
    return lines.join('\n');
  }
}

/** Cumulative buckets, sum and count per label set. */
export class Histogram implements Metric {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  private readonly keys = new LabelKeys();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[],
  ) {}

  observe(value: number, labels: Labels = {}): void {
    const key = this.keys.key(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    this.buckets.forEach((b, i) => {
      if (value <= b) s.counts[i] = (s.counts[i] ?? 0) + 1;
    });
    s.sum += value;
    s.count++;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      this.buckets.forEach((b, i) => {
        lines.push(`${this.name}_bucket${labelKey({ ...s.labels, le: formatNumber(b) })} ${s.counts[i] ?? 0}`);
      });
      lines.push(`${this.name}_bucket${labelKey({ ...s.labels, le: '+Inf' })} ${s.count}`);
      lines.push(`${this.name}_sum${labelKey(s.labels)} ${formatNumber(s.sum)}`);
      lines.push(`${this.name}_count${labelKey(s.labels)} ${s.count}`);
    }
    return lines.join('\n');
  }
}

/** Holds metrics in registration order and renders them as one text page. */
export class Registry {
  private readonly metrics: Metric[] = [];

  register<M extends Metric>(metric: M): M {
    this.metrics.push(metric);
    return metric;
  }

  /** The `/metrics` body (`text/plain; version=0.0.4`). */
  render(): string {
    return this.metrics.map((m) => m.render()).join('\n') + '\n';
  }
}
