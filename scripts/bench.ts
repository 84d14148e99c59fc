// `npm run bench`: Herald side by side with a plain discord.js bot, against the project's Discord simulator,
// in one run (see scripts/bench/contenders.ts for what runs). For each contender, on a fresh simulator with
// the same seeded world (guilds × channels, active members, the demo documents):
//   1. rows (Herald only): storage rows read and written per unanswered message and per answered mention,
//      from the actors' SQL cursor counts (GET /api/stats/rows) before and after each batch;
//   2. a rate ladder: members' messages open-loop at rising rates (a seeded mix of mentions and chat), each
//      mention timed to the bot's reply; a step holds when every mention is answered once, p99 < 1 s and the
//      driver kept the rate; the sustained rate is the highest step that held;
//   3. CPU milliseconds per message for each process over the ladder, and each process's peak memory.
// Prints the tables side by side with ratios to the plain bot. With --rounds N the runners take turns N times
// (plain bot, Herald, plain bot, Herald…) and each one's latencies at a rate are pooled over its rounds, so a slow
// spell of this shared machine falls on both. `npm run bench:ask` is the /ask latency bench.

import { DEMO_KNOWLEDGE } from './demo/knowledge.js';
import { intOption, UsageError, scriptArgs } from './lib/cli.js';
import { portProblem } from './lib/dev-stack.js';
import { CONTENDER_KINDS, CONTENDER_LABELS, startContender, type Contender, type ContenderKind } from './bench/contenders.js';
import { sampleGroups, type GroupSample } from './bench/procstat.js';
import { measureRows, type RowsResult } from './bench/rows.js';
import { renderReport, type ContenderResult } from './bench/report.js';
import { buildWorld, MessageSource, poolSteps, ReplyClock, runStep, stepHolds, type StepResult } from './bench/workload.js';

const USAGE = `usage: npm run bench -- [options]

  --runners LIST        which to run, in order (default baseline,lean,lean-disk,dev)
  --seed N              seed of the workload (default 1)
  --guilds N            guilds (default 20)
  --channels N          channels per guild (default 5)
  --members N           active members in all (default 1000)
  --rates LIST          messages per second, rising (default 25,50,100,200,400)
  --step-seconds N      length of each step (default 8)
  --mention-share P     share of messages that mention the bot, in percent (default 50)
  --rows-messages N     messages per kind in the rows phase (default 200)
  --full-ladder         run every rate even after one fails (default: stop at the first that fails)
  --rounds N            run the runners N times in turn and pool each one's latencies per rate (default 1);
                        the rows phase runs in the first round only
  --port N              Herald's port (default 8798)
  -h, --help            this text

Exits 0 when the run completed, 1 on a failure to run, 2 on bad arguments.`;

/** A step holds only if its p99 stays under this (the issue's definition of sustained). */
const P99_LIMIT_MS = 1_000;
/** How long after a step's last message its replies may still arrive. */
const DRAIN_MS = 10_000;

export interface BenchOptions {
  runners: ContenderKind[];
  seed: number;
  guilds: number;
  channels: number;
  members: number;
  rates: number[];
  stepSeconds: number;
  mentionShare: number;
  rowsMessages: number;
  fullLadder: boolean;
  rounds: number;
  port: number;
}

function listOption<T>(name: string, raw: string | undefined, fallback: T[], parse: (item: string) => T): T[] {
  if (raw === undefined) return fallback;
  const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`${name} must list at least one value`);
  return items.map(parse);
}

function parseOptions(argv: string[]): BenchOptions | 'help' {
  const values = scriptArgs(argv, {
    runners: { type: 'string' },
    seed: { type: 'string' },
    guilds: { type: 'string' },
    channels: { type: 'string' },
    members: { type: 'string' },
    rates: { type: 'string' },
    'step-seconds': { type: 'string' },
    'mention-share': { type: 'string' },
    'rows-messages': { type: 'string' },
    'full-ladder': { type: 'boolean' },
    rounds: { type: 'string' },
    port: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  const runners = listOption('--runners', values.runners, [...CONTENDER_KINDS], (item) => {
    if (!(CONTENDER_KINDS as readonly string[]).includes(item)) throw new UsageError(`--runners: '${item}' is not one of ${CONTENDER_KINDS.join(', ')}`);
    return item as ContenderKind;
  });
  const rates = listOption('--rates', values.rates, [25, 50, 100, 200, 400], (item) => intOption('--rates', item, 0, 1, 5_000));
  for (let i = 1; i < rates.length; i++) if (rates[i]! <= rates[i - 1]!) throw new UsageError('--rates must rise');
  return {
    runners,
    seed: intOption('--seed', values.seed, 1, 0, 2 ** 31 - 1),
    guilds: intOption('--guilds', values.guilds, 20, 1, 500),
    channels: intOption('--channels', values.channels, 5, 1, 50),
    members: intOption('--members', values.members, 1000, 1, 100_000),
    rates,
    stepSeconds: intOption('--step-seconds', values['step-seconds'], 8, 1, 600),
    mentionShare: intOption('--mention-share', values['mention-share'], 50, 1, 100) / 100,
    rowsMessages: intOption('--rows-messages', values['rows-messages'], 200, 0, 10_000),
    fullLadder: values['full-ladder'] === true,
    rounds: intOption('--rounds', values.rounds, 1, 1, 20),
    port: intOption('--port', values.port, 8798, 1, 65535),
  };
}

const startedAt = Date.now();
const log = (line: string) => console.log(`[bench] +${((Date.now() - startedAt) / 1000).toFixed(1)}s ${line}`);

/**
 * The bench's own process plays Discord for whichever contender runs, so one of its full collections in the
 * middle of a step (its heap holds every message of the run; a 20 ms incremental step was seen) would delay that
 * contender's replies and not the other's. `npm run bench` starts Node with --expose-gc and --no-memory-reducer
 * (package.json): the heap is collected here, before each step, and never by the reducer's timer. Each
 * contender's own process is left as it is: its collections are its own.
 */
function collectBenchGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function runContender(kind: ContenderKind, options: BenchOptions, round: number): Promise<ContenderResult> {
  log(`${CONTENDER_LABELS[kind]}: starting${options.rounds > 1 ? ` (round ${round} of ${options.rounds})` : ''}`);
  const contender: Contender = await startContender(kind, options.port);
  try {
    const sim = contender.simulator;
    const world = buildWorld(sim, { guilds: options.guilds, channelsPerGuild: options.channels, members: options.members });
    if (contender.admin) {
      for (const guild of world.guilds) {
        // The pro plan's quota, so the bench never runs into "quota spent" (it sends thousands of mentions).
        await contender.admin(`/api/guilds/${guild.id}/settings`, 'PATCH', { plan: 'pro' });
        for (const doc of DEMO_KNOWLEDGE) await contender.admin(`/api/guilds/${guild.id}/knowledge`, 'POST', doc);
      }
    }
    await contender.connect();
    log(`${CONTENDER_LABELS[kind]}: connected; ${world.guilds.length} guilds × ${options.channels} channels, ${world.members.length} members`);

    const source = new MessageSource(sim, world, options.seed);
    const clock = new ReplyClock(sim, source.questionOf);
    // Warm-up (not measured): every guild's actor started and its first answers given.
    await runStep(source, clock, 20, Math.max(2, Math.ceil((world.guilds.length * 2) / 20)), 1, DRAIN_MS);

    let rows: RowsResult | null = null;
    if (contender.admin && options.rowsMessages > 0 && round === 1) {
      rows = await measureRows(contender.admin, world, source, clock, options.rowsMessages, log);
    }

    const before: GroupSample[] = sampleGroups(contender.groups());
    const steps: StepResult[] = [];
    let sent = 0;
    for (const rate of options.rates) {
      collectBenchGarbage();
      const step = await runStep(source, clock, rate, options.stepSeconds, options.mentionShare, DRAIN_MS);
      steps.push(step);
      sent += step.sent;
      const holds = stepHolds(step, P99_LIMIT_MS);
      log(
        `${CONTENDER_LABELS[kind]}: ${rate}/s → sent ${step.sent} (${step.achievedRate.toFixed(0)}/s), ${step.answered}/${step.mentions} answered, ` +
          `p50 ${fmt(step.p50)} p95 ${fmt(step.p95)} p99 ${fmt(step.p99)}${step.duplicates ? `, ${step.duplicates} duplicates` : ''} ${holds ? 'holds' : 'FAILS'}`,
      );
      if (!holds && !options.fullLadder) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const after: GroupSample[] = sampleGroups(contender.groups());
    const unexpected = clock.unexpected;
    clock.close();
    return {
      kind,
      label: CONTENDER_LABELS[kind],
      description: contender.description,
      steps,
      sustained: sustainedRate(steps),
      processes: after.map((sample, i) => ({
        name: sample.name,
        cpuMsPerMessage: sent > 0 ? (sample.cpuMs - (before[i]?.cpuMs ?? 0)) / sent : null,
        peakRssBytes: sample.peakRssBytes,
      })),
      rows,
      unexpectedReplies: unexpected,
    };
  } finally {
    await contender.stop();
    log(`${CONTENDER_LABELS[kind]}: stopped`);
  }
}

/**
 * One contender's rounds as one result: each rate's latencies pooled (poolSteps), CPU per message over every
 * round's messages, the highest peak memory, the first round's rows.
 */
function poolRounds(results: readonly ContenderResult[]): ContenderResult {
  const first = results[0]!;
  if (results.length === 1) return first;
  const rates = [...new Set(results.flatMap((r) => r.steps.map((step) => step.rate)))].sort((a, b) => a - b);
  const steps = rates.map((rate) => poolSteps(results.flatMap((r) => r.steps.filter((step) => step.rate === rate))));
  const sent = (r: ContenderResult) => r.steps.reduce((total, step) => total + step.sent, 0);
  const allSent = results.reduce((total, r) => total + sent(r), 0);
  return {
    ...first,
    label: `${first.label}, ${results.length} rounds`,
    steps,
    sustained: sustainedRate(steps),
    processes: first.processes.map((process, i) => ({
      name: process.name,
      cpuMsPerMessage:
        allSent === 0 ? null : results.reduce((total, r) => total + (r.processes[i]?.cpuMsPerMessage ?? 0) * sent(r), 0) / allSent,
      peakRssBytes: Math.max(...results.map((r) => r.processes[i]?.peakRssBytes ?? 0)),
    })),
    unexpectedReplies: results.reduce((total, r) => total + r.unexpectedReplies, 0),
  };
}

/** The highest rate of the unbroken run of steps that held, from the first. */
function sustainedRate(steps: readonly StepResult[]): number | null {
  let best: number | null = null;
  for (const step of steps) {
    if (!stepHolds(step, P99_LIMIT_MS)) break;
    best = step.rate;
  }
  return best;
}

function fmt(ms: number | null): string {
  return ms === null ? '–' : `${ms.toFixed(1)} ms`;
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    const parsed = parseOptions(process.argv.slice(2));
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    options = parsed;
    const problem = await portProblem(options.port);
    if (problem) throw new UsageError(problem);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`bench: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  log(`${command}; seed ${options.seed}`);
  const rounds: ContenderResult[][] = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const [i, kind] of options.runners.entries()) (rounds[i] ??= []).push(await runContender(kind, options, round));
  }
  console.log(renderReport(rounds.map(poolRounds), options, command));
  return 0;
}

process.on('SIGINT', () => process.exit(130));
main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error('bench failed:', error);
    process.exit(1);
  });
