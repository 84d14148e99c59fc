// Storage rows per message, by kind of message: the bench reads Herald's row counters (GET /api/stats/rows:
// gateway shards, each guild actor, each usage ledger) before and after a batch of unanswered messages and a
// batch of answered mentions, once the counts have settled, and divides by the batch size. Everything the
// system does meanwhile is counted (timers, heartbeats): that is what the messages cost. Before the batches each
// guild answers one mention, uncounted: its first answer arms its timers, a cost per guild, not per message.

import type { AdminCall } from './contenders.js';
import { runStep, type MessageSource, type ReplyClock } from './workload.js';
import type { BenchWorld } from './workload.js';

export interface Rows {
  rowsRead: number;
  rowsWritten: number;
  /** SQL statements run (each is a call into SQLite: the CPU cost rows alone do not show). */
  statements: number;
}

export interface RowsByObject {
  shard: Rows;
  guild: Rows;
  ledger: Rows;
  total: Rows;
}

export interface RowsResult {
  /** Messages per batch, and the rate they were sent at. */
  messages: number;
  rate: number;
  unanswered: RowsByObject;
  answered: RowsByObject;
}

/** The rows batches go at a rate every contender keeps up with, so the counts are of settled work. */
const ROWS_RATE = 20;

const ZERO: Rows = { rowsRead: 0, rowsWritten: 0, statements: 0 };
const add = (a: Rows, b: Rows): Rows => ({ rowsRead: a.rowsRead + b.rowsRead, rowsWritten: a.rowsWritten + b.rowsWritten, statements: a.statements + b.statements });
const per = (a: Rows, n: number): Rows => ({ rowsRead: a.rowsRead / n, rowsWritten: a.rowsWritten / n, statements: a.statements / n });

interface InstanceRows extends Rows {
  /** Changes when the object restarted (evicted while idle): its counts then start from zero. */
  instance: string;
}

type ObjectKind = 'shard' | 'guild' | 'ledger';
/** Every object's counts, keyed by kind and name. */
type Snapshot = Map<string, { kind: ObjectKind; rows: InstanceRows }>;

async function snapshot(admin: AdminCall, world: BenchWorld): Promise<Snapshot> {
  const out: Snapshot = new Map();
  const shards = await admin<{ shards: { shardId: number; rows: InstanceRows }[] }>('/api/stats/rows');
  for (const shard of shards.shards) out.set(`shard:${shard.shardId}`, { kind: 'shard', rows: shard.rows });
  const guilds = await Promise.all(world.guilds.map((g) => admin<{ guildId: string; guild: InstanceRows; ledger: { name: string; rows: InstanceRows } | null }>(`/api/stats/rows?guildId=${g.id}`)));
  for (const g of guilds) {
    out.set(`guild:${g.guildId}`, { kind: 'guild', rows: g.guild });
    // A guild that shares no quota counts in its own actor: its ledger rows are in its guild rows.
    if (g.ledger) out.set(`ledger:${g.ledger.name}`, { kind: 'ledger', rows: g.ledger.rows });
  }
  return out;
}

/** Per object: the growth since `before`, or everything since its restart when it restarted in between. */
function grown(after: Snapshot, before: Snapshot): RowsByObject {
  const sums: Record<ObjectKind, Rows> = { shard: ZERO, guild: ZERO, ledger: ZERO };
  for (const [key, { kind, rows }] of after) {
    const was = before.get(key)?.rows;
    const delta = was && was.instance === rows.instance ? { rowsRead: rows.rowsRead - was.rowsRead, rowsWritten: rows.rowsWritten - was.rowsWritten, statements: rows.statements - was.statements } : rows;
    sums[kind] = add(sums[kind], delta);
  }
  return { ...sums, total: add(add(sums.shard, sums.guild), sums.ledger) };
}

/** Waits until the counts stop moving (two reads 500 ms apart agree), at most 20 s. */
async function settled(admin: AdminCall, world: BenchWorld): Promise<Snapshot> {
  let last = await snapshot(admin, world);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await snapshot(admin, world);
    const moved = grown(now, last).total;
    if (moved.rowsWritten === 0 && moved.rowsRead === 0) return now;
    last = now;
  }
  return last;
}

function delta(after: Snapshot, before: Snapshot, n: number): RowsByObject {
  const sum = grown(after, before);
  return { shard: per(sum.shard, n), guild: per(sum.guild, n), ledger: per(sum.ledger, n), total: per(sum.total, n) };
}

export async function measureRows(
  admin: AdminCall,
  world: BenchWorld,
  source: MessageSource,
  clock: ReplyClock,
  messages: number,
  log: (line: string) => void,
): Promise<RowsResult> {
  const seconds = messages / ROWS_RATE;
  // One answered mention per guild first (not counted): it arms the guild's timers, once per guild.
  source.warmUp(clock);
  await clock.drain(10_000);
  clock.take();
  const start = await settled(admin, world);
  await runStep(source, clock, ROWS_RATE, seconds, 0, 10_000);
  const afterChatter = await settled(admin, world);
  const answered = await runStep(source, clock, ROWS_RATE, seconds, 1, 10_000);
  const afterMentions = await settled(admin, world);
  if (answered.missing > 0) log(`rows phase: ${answered.missing} of ${answered.mentions} mentions got no reply (the rows per answer are then understated)`);
  const result = {
    messages,
    rate: ROWS_RATE,
    unanswered: delta(afterChatter, start, messages),
    answered: delta(afterMentions, afterChatter, answered.answered || 1),
  };
  log(
    `rows per unanswered message: ${result.unanswered.total.rowsWritten.toFixed(2)} written, ${result.unanswered.total.rowsRead.toFixed(1)} read; ` +
      `per answered mention: ${result.answered.total.rowsWritten.toFixed(2)} written, ${result.answered.total.rowsRead.toFixed(1)} read; ` +
      `SQL statements per unanswered message ${result.unanswered.total.statements.toFixed(1)}, per answered mention ${result.answered.total.statements.toFixed(1)}`,
  );
  return result;
}
