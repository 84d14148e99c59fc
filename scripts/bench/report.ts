// The side-by-side report of `npm run bench`: latency at each rate, then sustained rate, CPU per message,
// peak memory and storage rows, each Herald column with its ratio to the plain bot.

import { cpus, loadavg } from 'node:os';
import type { ContenderKind } from './contenders.js';
import type { RowsByObject, RowsResult } from './rows.js';
import type { StepResult } from './workload.js';

export interface ContenderResult {
  kind: ContenderKind;
  label: string;
  description: string;
  steps: StepResult[];
  sustained: number | null;
  processes: { name: string; cpuMsPerMessage: number | null; peakRssBytes: number }[];
  rows: RowsResult | null;
  unexpectedReplies: number;
}

interface ReportOptions {
  seed: number;
  guilds: number;
  channels: number;
  members: number;
  rates: number[];
  stepSeconds: number;
  mentionShare: number;
}

const ms = (value: number | null) => (value === null ? '–' : value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0));
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const ratio = (value: number | null, base: number | null) => (value === null || base === null || base === 0 ? '' : ` (${(value / base).toFixed(2)}×)`);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), '  ' + widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function renderReport(results: readonly ContenderResult[], options: ReportOptions, command: string): string {
  const base = results.find((r) => r.kind === 'baseline') ?? null;
  const out: string[] = [''];
  out.push(`==================== Herald vs a plain bot: ${command} ====================`);
  out.push(
    `  seed ${options.seed}; ${options.guilds} guilds × ${options.channels} channels, ${options.members} active members; ` +
      `${Math.round(options.mentionShare * 100)}% of messages mention the bot; steps of ${options.stepSeconds} s; offline answerer; simulator rate limits off`,
  );
  out.push(`  machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end (shared machine: figures are relative, compare columns)`);
  for (const r of results) out.push(`  ${r.label}: ${r.description}`);
  out.push('');

  out.push('  mention → reply latency (ms), open loop, p50 / p95 / p99 [missing]; ratio = p99 / plain bot p99');
  const rates = options.rates;
  const latencyRows = rates.map((rate) => [
    `${rate}/s`,
    ...results.map((r) => {
      const step = r.steps.find((s) => s.rate === rate);
      if (!step) return 'not run';
      const baseStep = base?.steps.find((s) => s.rate === rate) ?? null;
      const missing = step.missing ? ` [${step.missing}]` : '';
      const dup = step.duplicates ? ` {${step.duplicates} dup}` : '';
      return `${ms(step.p50)} / ${ms(step.p95)} / ${ms(step.p99)}${missing}${dup}${r.kind === 'baseline' ? '' : ratio(step.p99, baseStep?.p99 ?? null)}`;
    }),
  ]);
  out.push(table(['rate', ...results.map((r) => r.label)], latencyRows));
  out.push('');

  out.push('  relevance: share of answers equal to the first answer to the same (guild, question), whoever asked, at any rate');
  const relevanceRows = rates.map((rate) => [
    `${rate}/s`,
    ...results.map((r) => {
      const value = r.steps.find((s) => s.rate === rate)?.relevance;
      return value === undefined ? 'not run' : value === null ? '–' : `${(value * 100).toFixed(1)}%`;
    }),
  ]);
  out.push(table(['rate', ...results.map((r) => r.label)], relevanceRows));
  out.push('');

  const summary: string[][] = [];
  summary.push(['sustained rate (all answered once, p99 < 1 s)', ...results.map((r) => (r.sustained === null ? 'none' : `≥ ${r.sustained}/s`) + (r.kind === 'baseline' ? '' : ratio(r.sustained, base?.sustained ?? null)))]);
  const p99At50 = (r: ContenderResult) => r.steps.find((s) => s.rate === 50)?.p99 ?? null;
  summary.push(['p99 at 50 msg/s', ...results.map((r) => `${ms(p99At50(r))} ms${r.kind === 'baseline' ? '' : ratio(p99At50(r), base ? p99At50(base) : null)}`)]);
  const botCpu = (r: ContenderResult) => r.processes.filter((p) => !p.name.startsWith('bench')).reduce<number | null>((sum, p) => (p.cpuMsPerMessage === null ? sum : (sum ?? 0) + p.cpuMsPerMessage), null);
  summary.push(['CPU ms per message, the bot\'s processes', ...results.map((r) => `${ms(botCpu(r))}${r.kind === 'baseline' ? '' : ratio(botCpu(r), base ? botCpu(base) : null)}`)]);
  const botPeak = (r: ContenderResult) => r.processes.filter((p) => !p.name.startsWith('bench')).reduce((sum, p) => sum + p.peakRssBytes, 0);
  summary.push(['peak memory, the bot\'s processes', ...results.map((r) => `${mib(botPeak(r))}${r.kind === 'baseline' ? '' : ratio(botPeak(r), base ? botPeak(base) : null)}`)]);
  out.push(table(['', ...results.map((r) => r.label)], summary));
  out.push('');

  out.push('  per process: CPU ms per message over the ladder, peak resident memory (VmHWM)');
  const processRows = results.flatMap((r) => r.processes.map((p) => [`${r.label}: ${p.name}`, ms(p.cpuMsPerMessage), mib(p.peakRssBytes)]));
  out.push(table(['process', 'CPU ms/msg', 'peak memory'], processRows));
  out.push('');

  const withRows = results.filter((r) => r.rows);
  if (withRows.length) {
    out.push(`  Durable Object storage rows per message (SQL cursor rowsRead / rowsWritten; ${withRows[0]!.rows!.messages} messages per kind at ${withRows[0]!.rows!.rate}/s, after one uncounted answer per guild, which arms its timers)`);
    const rowLines: string[][] = [];
    for (const r of withRows) {
      const rows = r.rows!;
      const cells = (kind: string, by: RowsByObject) => [
        `${r.label}: ${kind}`,
        `${by.total.rowsWritten.toFixed(2)}`,
        `${by.total.rowsRead.toFixed(1)}`,
        `${by.shard.rowsWritten.toFixed(2)} / ${by.guild.rowsWritten.toFixed(2)} / ${by.ledger.rowsWritten.toFixed(2)}`,
        `${by.shard.rowsRead.toFixed(1)} / ${by.guild.rowsRead.toFixed(1)} / ${by.ledger.rowsRead.toFixed(1)}`,
        `${by.total.statements.toFixed(1)}`,
      ];
      rowLines.push(cells('unanswered message', rows.unanswered), cells('answered mention', rows.answered));
    }
    out.push(table(['message kind', 'written', 'read', 'written: shard / guild / ledger', 'read: shard / guild / ledger', 'SQL statements'], rowLines));
    out.push('');
  }
  const odd = results.filter((r) => r.unexpectedReplies > 0);
  for (const r of odd) out.push(`  ${r.label}: ${r.unexpectedReplies} replies to messages that did not mention the bot, or came after their step`);
  out.push('  lean = the Worker under Miniflare directly (closest to production), its storage on tmpfs; lean, disk = the same with its storage');
  out.push("  on this machine's disk (each write waits for the disk's flush); wrangler dev = the same Worker behind the dev proxy.");
  out.push('='.repeat(100), '');
  return out.join('\n');
}
