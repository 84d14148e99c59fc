// Latency statistics and the result table of `npm run bench`.

export interface ScenarioResult {
  name: string;
  /** Attempts measured (warm-up excluded). */
  attempted: number;
  /** Latencies (ms) of the successful attempts. */
  latencies: number[];
  errors: number;
  /** Wall time of the scenario (ms), for throughput. */
  wallMs: number;
}

/** Nearest-rank percentile of an ascending array; null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null;
}

function fmtMs(value: number | null): string {
  if (value === null) return '–';
  return value < 10 ? `${value.toFixed(2)} ms` : value < 100 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

export function renderTable(results: readonly ScenarioResult[]): string {
  const header = ['scenario', 'count', 'ok', 'errors', 'p50', 'p90', 'p99', 'max', 'mean', 'throughput'];
  const rows = results.map((r) => {
    const sorted = [...r.latencies].sort((a, b) => a - b);
    const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null;
    const throughput = r.wallMs > 0 ? `${((r.latencies.length / r.wallMs) * 1000).toFixed(1)}/s` : '–';
    return [
      r.name,
      String(r.attempted),
      String(r.latencies.length),
      String(r.errors),
      fmtMs(percentile(sorted, 50)),
      fmtMs(percentile(sorted, 90)),
      fmtMs(percentile(sorted, 99)),
      fmtMs(sorted.at(-1) ?? null),
      fmtMs(mean),
      throughput,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), '  ' + widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
