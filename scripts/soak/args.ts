// Command-line options of `npm run soak`; bad input fails at once with a clear message.

import { FAULT_KINDS, type FaultKind } from './faults.js';

export interface SoakOptions {
  minutes: number;
  guilds: number;
  /** Member messages per second, in total across all guilds. */
  rate: number;
  workerPort: number;
  seed: number;
  /** 'inherit' shows wrangler dev's log (for investigating a failure). */
  wranglerOutput: 'inherit' | 'ignore';
  /** Seconds to wait after the run for outstanding replies. */
  drainSeconds: number;
  /** Fault kinds to choose from (empty: no faults). */
  faults: FaultKind[];
}

export const USAGE = `usage: npm run soak -- [options]

  --minutes N          how long to post messages and inject faults (default 5; fractions allowed)
  --guilds N           number of guilds, each with 2 channels and a small knowledge base (default 4)
  --rate N             member messages per second, in total across guilds (default 2)
  --port N             port of wrangler dev (default 8797)
  --seed N             seed of the random choices (default: random, printed at start)
  --drain-seconds N    how long to wait for outstanding replies after the run (default 30)
  --faults LIST        comma-separated fault kinds to inject, 'all' (default) or 'none'; kinds:
                       ${FAULT_KINDS.join(', ')}
  --wrangler-output M  'ignore' (default) or 'inherit' to show wrangler dev's log (soak lines start with [soak])
  -h, --help           this text

Exits 0 when every expected reply arrived exactly once and nothing unexpected was answered, 1 otherwise,
2 on bad arguments.`;

import { UsageError, wranglerOutputOption, scriptArgs } from '../lib/cli.js';

export { UsageError };

export function parseSoakArgs(argv: string[]): SoakOptions | 'help' {
  const values = scriptArgs(argv, {
    minutes: { type: 'string' },
    guilds: { type: 'string' },
    rate: { type: 'string' },
    port: { type: 'string' },
    seed: { type: 'string' },
    'drain-seconds': { type: 'string' },
    'wrangler-output': { type: 'string' },
    faults: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';

  const minutes = numberOption('--minutes', values.minutes, 5, { min: 0, exclusiveMin: true, max: 24 * 60 });
  const guilds = numberOption('--guilds', values.guilds, 4, { min: 1, max: 100, integer: true });
  const rate = numberOption('--rate', values.rate, 2, { min: 0, exclusiveMin: true, max: 200 });
  const workerPort = numberOption('--port', values.port, 8797, { min: 1, max: 65535, integer: true });
  const seed = numberOption('--seed', values.seed, Math.floor(Math.random() * 2 ** 31), { min: 0, max: 2 ** 32 - 1, integer: true });
  const drainSeconds = numberOption('--drain-seconds', values['drain-seconds'], 30, { min: 0, max: 600 });
  const output = wranglerOutputOption(values['wrangler-output']);
  return { minutes, guilds, rate, workerPort, seed, wranglerOutput: output, drainSeconds, faults: faultList(values.faults) };
}

function faultList(raw: string | undefined): FaultKind[] {
  if (raw === undefined || raw === 'all') return [...FAULT_KINDS];
  if (raw === 'none') return [];
  const kinds = raw.split(',').map((k) => k.trim()).filter((k) => k !== '');
  const unknown = kinds.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0 || kinds.length === 0) {
    throw new UsageError(`--faults: unknown fault kind(s) ${unknown.join(', ') || '(empty list)'}; known: ${FAULT_KINDS.join(', ')}, or all / none`);
  }
  return [...new Set(kinds)] as FaultKind[];
}

function numberOption(
  name: string,
  raw: string | undefined,
  fallback: number,
  limits: { min: number; max: number; integer?: boolean; exclusiveMin?: boolean },
): number {
  if (raw === undefined) return fallback;
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  const kind = limits.integer ? 'an integer' : 'a number';
  const low = limits.exclusiveMin ? `> ${limits.min}` : `>= ${limits.min}`;
  if (!Number.isFinite(value) || (limits.integer && !Number.isInteger(value))) {
    throw new UsageError(`${name} must be ${kind}, not '${raw}'`);
  }
  if (value < limits.min || (limits.exclusiveMin && value === limits.min) || value > limits.max) {
    throw new UsageError(`${name} must be ${kind} ${low} and <= ${limits.max}, not ${raw}`);
  }
  return value;
}
